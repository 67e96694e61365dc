-- The latest value per region x organization x indicator (newest report first, then period).
CREATE VIEW v_latest AS
SELECT * EXCLUDE (rn) FROM (
    SELECT v.*,
           row_number() OVER (
               PARTITION BY v.region_code, v.org_id, v.indicator_key
               ORDER BY v.published_date DESC NULLS LAST, v.period DESC NULLS LAST, v.fact_id DESC
           ) AS rn
    FROM v_facts v
) WHERE rn = 1;
