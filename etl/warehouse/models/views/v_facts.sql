-- Every figure with its report, region (today's unit, and the one the report names), subject, indicator,
-- concept and the date it refers to: the semantic layer the dashboard and the notebooks read.
CREATE VIEW v_facts AS
SELECT f.fact_id,
       f.report_id,
       rp.title_zh  AS report_title_zh,
       rp.title_en  AS report_title_en,
       rp.publisher,
       rp.publisher_en,
       rp.publisher_status,
       rp.published_on,
       rp.published_date,
       rp.published_status,
       rp.url,
       rp.source_file,
       rp.sha256    AS source_sha256,
       rp.organization AS reporting_body,
       g.region_code,                              -- today's unit (a past unit rolls up: 户县 → 鄠邑区)
       g.label_zh   AS region_zh,                  -- 晋城市城区 where several units are called 城区
       g.name_en    AS region_en,
       g.level      AS region_level,
       f.region_code AS region_stated_code,        -- the unit as the report names it
       s.name_zh    AS region_stated_zh,
       f.scope_level,
       (f.scope_level <> g.level) AS region_unnamed,   -- e.g. a city report that names only its province
       g.province_code,
       g.province_zh,
       g.province_en,
       g.city_code,
       c.name_zh    AS city_zh,
       c.name_en    AS city_en,
       f.org_id,
       o.name_zh    AS organization_zh,
       f.subject_kind,
       coalesce(o.name_zh, g.name_zh) AS subject_zh,   -- the body counted, or the region as a whole
       f.indicator_key,
       i.name_zh    AS indicator_zh,
       i.name_en    AS indicator_en,
       i.category,
       i.category_en,
       i.is_rate,
       i.concept_key,
       k.name_zh    AS concept_zh,
       k.name_en    AS concept_en,
       k.kind       AS concept_kind,
       k.target     AS concept_target,
       i.concept_note,
       f.value,
       f.value_max,
       f.unit,
       i.unit_en,
       f.qualifier,
       f.implied,
       f.period,
       f.ref_date,
       f.ref_year,
       f.ref_date_basis,
       f.char_start,
       f.char_end,
       f.note,
       f.batch_id,
       coalesce(lb.state = 'draft', FALSE) AS is_draft,   -- not published yet: only analysts and admins see it
       f.is_synthetic
FROM fact f
LEFT JOIN load_batch lb ON lb.batch_id = f.batch_id
JOIN dim_report rp     ON rp.report_id = f.report_id
JOIN v_region s        ON s.region_code = f.region_code
JOIN v_region g        ON g.region_code = coalesce(s.current_code, s.region_code)
LEFT JOIN dim_region c ON c.region_code = g.city_code
LEFT JOIN dim_organization o ON o.org_id = f.org_id
JOIN dim_indicator i   ON i.indicator_key = f.indicator_key
LEFT JOIN dim_concept k ON k.concept_key = i.concept_key;
