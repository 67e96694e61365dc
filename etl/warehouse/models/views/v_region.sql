CREATE VIEW v_region AS
SELECT r.*,
       p.name_zh AS province_zh, p.name_en AS province_en,
       CASE WHEN r.level = 'county' THEN r.parent_code
            WHEN r.level = 'prefecture' THEN r.region_code END AS city_code
FROM dim_region r
LEFT JOIN dim_region p ON p.region_code = r.province_code;
