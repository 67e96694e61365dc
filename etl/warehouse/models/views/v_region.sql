-- Regions with their province's names, the prefecture they belong to, and current_code: the unit of
-- today a region is (itself) or rolls up to (a past unit's successor; NULL when it has none).
-- label_zh: the name, with the parent's in front where today's units share it (晋城市城区, not 城区).
CREATE VIEW v_region AS
SELECT r.*,
       CASE WHEN r.is_current THEN r.region_code ELSE r.successor_code END AS current_code,
       CASE WHEN r.level = 'county' AND count(*) FILTER (WHERE r.is_current)
                 OVER (PARTITION BY r.name_zh) > 1 AND q.name_zh IS NOT NULL
            THEN q.name_zh || r.name_zh ELSE r.name_zh END AS label_zh,
       p.name_zh AS province_zh, p.name_en AS province_en,
       CASE WHEN r.level = 'county' THEN r.parent_code
            WHEN r.level = 'prefecture' THEN r.region_code END AS city_code
FROM dim_region r
LEFT JOIN dim_region p ON p.region_code = r.province_code
LEFT JOIN dim_region q ON q.region_code = r.parent_code;
