-- Rates: numerator / denominator (from a figure, or counted from reference data, or none stated),
-- the computed rate beside the reported one, and flags.
CREATE VIEW v_coverage AS
WITH pairs AS (
    SELECT rate_key, numerator_key, denominator_key, denominator_from FROM indicator_pair
    UNION ALL   -- rates stated without numerator and denominator (e.g. 97%)
    SELECT indicator_key, NULL, NULL, 'none' FROM dim_indicator
    WHERE is_rate AND indicator_key NOT IN (SELECT rate_key FROM indicator_pair)
),
roles AS (      -- every fact in the role it plays in a pair; equality joins only, so hash joins
    SELECT p.*, 'rate' AS role, f.* EXCLUDE (indicator_key)
    FROM pairs p JOIN fact f ON f.indicator_key = p.rate_key
    UNION ALL
    SELECT p.*, 'numerator', f.* EXCLUDE (indicator_key)
    FROM pairs p JOIN fact f ON f.indicator_key = p.numerator_key
    UNION ALL
    SELECT p.*, 'denominator', f.* EXCLUDE (indicator_key)
    FROM pairs p JOIN fact f ON f.indicator_key = p.denominator_key
),
grouped AS (    -- one row per pair x report x region x organization x period (NULLs group together)
    SELECT rate_key, any_value(numerator_key) AS numerator_key, any_value(denominator_key) AS denominator_key,
           any_value(denominator_from) AS denominator_from, report_id, region_code, org_id, period,
           max(fact_id)   FILTER (WHERE role = 'numerator')   AS numerator_fact_id,
           max(value)     FILTER (WHERE role = 'numerator')   AS numerator,
           max(qualifier) FILTER (WHERE role = 'numerator')   AS numerator_qualifier,
           bool_or(implied) FILTER (WHERE role = 'numerator') AS numerator_implied,
           max(fact_id)   FILTER (WHERE role = 'denominator') AS denominator_fact_id,
           max(value)     FILTER (WHERE role = 'denominator') AS denominator_value,
           max(qualifier) FILTER (WHERE role = 'denominator') AS denominator_qualifier,
           bool_or(implied) FILTER (WHERE role = 'denominator') AS denominator_implied,
           max(fact_id)   FILTER (WHERE role = 'rate')        AS rate_fact_id,
           max(value)     FILTER (WHERE role = 'rate')        AS reported_rate,
           max(qualifier) FILTER (WHERE role = 'rate')        AS rate_qualifier,
           bool_or(is_synthetic)                              AS is_synthetic,
           any_value(scope_level)                             AS scope_level,
           any_value(subject_kind)                            AS subject_kind,
           max(ref_year)                                      AS ref_year
    FROM roles
    GROUP BY rate_key, report_id, region_code, org_id, period
),
prefecture_counts AS (
    SELECT province_code, count(*)::DOUBLE AS n
    FROM dim_region WHERE level = 'prefecture' AND is_current GROUP BY province_code
),
joined AS (
    SELECT k.* EXCLUDE (denominator_value),
           CASE WHEN k.denominator_from = 'reference:prefecture_count' THEN pc.n
                ELSE k.denominator_value END AS denominator
    FROM grouped k
    LEFT JOIN dim_region g ON g.region_code = k.region_code
    LEFT JOIN prefecture_counts pc ON pc.province_code = g.province_code
         AND k.denominator_from = 'reference:prefecture_count'
)
SELECT j.rate_key,
       i.name_zh AS rate_zh, i.name_en AS rate_en, i.category, i.category_en,
       j.numerator_key, j.denominator_key, j.denominator_from,
       j.report_id, rp.title_zh AS report_title_zh, rp.title_en AS report_title_en,
       rp.publisher, rp.publisher_en, rp.publisher_status, rp.published_on, rp.published_date,
       rp.published_status,
       g.region_code, g.label_zh AS region_zh, g.name_en AS region_en, g.level AS region_level,
       g.province_code, g.province_zh, g.province_en, g.city_code,
       j.scope_level,
       (j.scope_level <> g.level) AS region_unnamed,
       j.org_id, o.name_zh AS organization_zh, j.subject_kind, coalesce(o.name_zh, g.name_zh) AS subject_zh,
       i.concept_key, k.kind AS concept_kind, j.period, j.ref_year,
       -- what kind of rate: the concept's, else read from the name; a growth rate is never a coverage rate
       coalesce(CASE WHEN k.kind IN ('coverage', 'share', 'growth') THEN k.kind END,
                CASE WHEN regexp_matches(i.name_zh, '增长|同比|环比|增幅|降幅|下降') THEN 'growth'
                     WHEN regexp_matches(i.name_zh, '占比|比例|比重|所占') THEN 'share'
                     ELSE 'coverage' END) AS rate_kind,
       j.numerator_fact_id, j.numerator, j.denominator_fact_id, j.denominator,
       -- a denominator counted from reference data carries no decimals of its own: whole percent
       CASE WHEN j.numerator IS NOT NULL AND j.denominator > 0
            THEN round(100.0 * j.numerator / j.denominator, CASE WHEN j.denominator_from LIKE 'reference:%' THEN 0 ELSE 2 END)
       END AS computed_rate,
       j.rate_fact_id, j.reported_rate,
       coalesce(j.reported_rate,
                CASE WHEN j.numerator IS NOT NULL AND j.denominator > 0
                     THEN round(100.0 * j.numerator / j.denominator,
                                CASE WHEN j.denominator_from LIKE 'reference:%' THEN 0 ELSE 2 END) END) AS rate,
       (j.reported_rate IS NOT NULL AND j.numerator IS NOT NULL AND j.denominator > 0
        AND abs(100.0 * j.numerator / j.denominator - j.reported_rate) > 0.5) AS is_inconsistent,
       (coalesce(j.numerator_implied, FALSE) OR coalesce(j.denominator_implied, FALSE)
        OR j.reported_rate IS NULL) AS is_implied,
       -- approximate: 约 / 近 / a range somewhere; a lower bound (以上, 多, 至少) is flagged as one, not as 约数
       (coalesce(j.numerator_qualifier, 'exact') IN ('approx', 'range')
        OR coalesce(j.denominator_qualifier, 'exact') IN ('approx', 'range')
        OR coalesce(j.rate_qualifier, 'exact') IN ('approx', 'range')) AS is_approximate,
       (coalesce(j.rate_qualifier, 'exact') IN ('more_than', 'at_least')
        OR coalesce(j.numerator_qualifier, 'exact') IN ('more_than', 'at_least')) AS is_lower_bound,
       (j.denominator_from LIKE 'reference:%') AS is_derived,
       (j.numerator IS NOT NULL AND j.denominator IS NOT NULL AND j.numerator > j.denominator) AS numerator_exceeds,
       j.is_synthetic
FROM joined j
JOIN dim_indicator i ON i.indicator_key = j.rate_key
JOIN dim_report rp ON rp.report_id = j.report_id
JOIN v_region s ON s.region_code = j.region_code
JOIN v_region g ON g.region_code = coalesce(s.current_code, s.region_code)   -- today's unit
LEFT JOIN dim_organization o ON o.org_id = j.org_id
LEFT JOIN dim_concept k ON k.concept_key = i.concept_key
WHERE (j.reported_rate IS NOT NULL OR (j.numerator IS NOT NULL AND j.denominator IS NOT NULL))
  AND NOT regexp_matches(i.name_zh, '增长|同比|环比|增幅|降幅|下降')   -- growth rates are not coverage
  AND coalesce(k.kind, '') <> 'growth';
