-- Warehouse schema: dimensions, facts, load batches, and the semantic-layer views.
-- The dashboard and the notebooks read only the v_* views.

CREATE TABLE load_batch (
    batch_id      INTEGER PRIMARY KEY,
    kind          VARCHAR NOT NULL,          -- 'build' (curated data/) or 'add' (analyst intake)
    source_file   VARCHAR NOT NULL,          -- path relative to the project, or the uploaded file name
    file_sha256   VARCHAR NOT NULL,
    loaded_at     TIMESTAMP,                 -- NULL for build batches (keeps builds byte-for-byte idempotent)
    loaded_by     VARCHAR,
    rows_in       INTEGER NOT NULL,
    rows_loaded   INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    only_valid    BOOLEAN NOT NULL DEFAULT FALSE,  -- analyst chose to load only the valid rows
    note          VARCHAR
);

CREATE TABLE load_manifest (
    file_path   VARCHAR PRIMARY KEY,
    kind        VARCHAR NOT NULL,            -- reference | figures | archive
    file_sha256 VARCHAR NOT NULL,
    rows_read   INTEGER NOT NULL,
    rows_loaded INTEGER NOT NULL
);

CREATE TABLE dim_region (
    region_code       VARCHAR PRIMARY KEY,   -- GB/T 2260, 6 digits
    name_zh           VARCHAR NOT NULL,
    short_name_zh     VARCHAR NOT NULL,
    name_en           VARCHAR,
    level             VARCHAR NOT NULL,      -- province | prefecture | county
    parent_code       VARCHAR,
    province_code     VARCHAR NOT NULL,
    lng               DOUBLE,
    lat               DOUBLE,
    population        BIGINT,                -- only where a cited source gives it
    population_year   INTEGER,
    population_source VARCHAR,
    aliases           VARCHAR,               -- '|'-separated
    source            VARCHAR NOT NULL
);

CREATE TABLE dim_report (
    report_id          VARCHAR PRIMARY KEY,
    title_zh           VARCHAR NOT NULL,
    title_en           VARCHAR,
    title_is_original  BOOLEAN NOT NULL,     -- FALSE: a descriptive title written by us
    publisher          VARCHAR,
    publisher_en       VARCHAR,
    publisher_status   VARCHAR NOT NULL,     -- confirmed | inferred | unknown (shown as 推断 / inferred)
    published_on       VARCHAR,              -- ISO, possibly partial: 2017-10, 2022
    published_date     DATE,                 -- first day of published_on, for ordering
    published_status   VARCHAR NOT NULL,     -- confirmed | inferred | unknown
    published_note     VARCHAR,
    url                VARCHAR,
    province_code      VARCHAR,
    city_code          VARCHAR,              -- NULL when the report names no city
    organization       VARCHAR,
    script             VARCHAR,              -- simplified | traditional
    damaged            BOOLEAN NOT NULL DEFAULT FALSE,
    source_file        VARCHAR,
    sha256             VARCHAR,
    is_synthetic       BOOLEAN NOT NULL DEFAULT FALSE,
    source             VARCHAR NOT NULL
);

CREATE TABLE dim_organization (
    org_id      VARCHAR PRIMARY KEY,         -- stable: md5 of normalized name + region
    name_zh     VARCHAR NOT NULL,
    region_code VARCHAR
);

CREATE TABLE dim_indicator (
    indicator_key VARCHAR PRIMARY KEY,
    name_zh       VARCHAR NOT NULL,
    name_en       VARCHAR NOT NULL,
    unit          VARCHAR NOT NULL,          -- base unit: 个 人 项 次 元 斤 % 年 …
    unit_en       VARCHAR,
    category      VARCHAR NOT NULL,          -- 组织覆盖 队伍建设 阵地建设 品牌创建 制度机制 服务成效 业务成效
    category_en   VARCHAR,
    description   VARCHAR,
    synonyms      VARCHAR,                   -- '|'-separated phrasings used by reports
    is_rate       BOOLEAN NOT NULL DEFAULT FALSE,
    source        VARCHAR NOT NULL
);

CREATE TABLE indicator_pair (
    rate_key        VARCHAR NOT NULL,        -- the rate indicator (unit %)
    numerator_key   VARCHAR NOT NULL,
    denominator_key VARCHAR,                 -- NULL when the denominator comes from reference data
    denominator_from VARCHAR NOT NULL,       -- 'figure' | 'reference:prefecture_count'
    source          VARCHAR NOT NULL
);

CREATE TABLE fact (
    fact_id       VARCHAR PRIMARY KEY,
    report_id     VARCHAR NOT NULL,
    region_code   VARCHAR NOT NULL,
    scope_level   VARCHAR NOT NULL,          -- level the figure describes; finer than the region when unnamed
    org_id        VARCHAR,
    indicator_key VARCHAR NOT NULL,
    value         DOUBLE NOT NULL,           -- base units (元, not 亿元)
    value_max     DOUBLE,                    -- upper bound for ranges (1-2)
    unit          VARCHAR NOT NULL,
    qualifier     VARCHAR NOT NULL,          -- exact | more_than | at_least | approx | range
    implied       BOOLEAN NOT NULL DEFAULT FALSE,  -- follows from wording (全部), not written as a number
    period        VARCHAR,                   -- as stated; NULL if none
    char_start    INTEGER,
    char_end      INTEGER,
    note          VARCHAR,
    batch_id      INTEGER NOT NULL,
    is_synthetic  BOOLEAN NOT NULL DEFAULT FALSE
);

-- Where a report names a region without a figure for it (Jiangsu's ten cities).
CREATE TABLE region_mention (
    report_id   VARCHAR NOT NULL,
    region_code VARCHAR NOT NULL,
    role        VARCHAR NOT NULL,            -- practice | venue
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    note        VARCHAR
);

-- ---------------------------------------------------------------- views

CREATE VIEW v_region AS
SELECT r.*,
       p.name_zh AS province_zh, p.name_en AS province_en,
       CASE WHEN r.level = 'county' THEN r.parent_code
            WHEN r.level = 'prefecture' THEN r.region_code END AS city_code
FROM dim_region r
LEFT JOIN dim_region p ON p.region_code = r.province_code;

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
       f.region_code,
       g.name_zh    AS region_zh,
       g.name_en    AS region_en,
       g.level      AS region_level,
       f.scope_level,
       (CASE f.scope_level WHEN 'province' THEN 'province' WHEN 'city' THEN 'prefecture' ELSE 'county' END
        <> g.level) AS region_unnamed,   -- e.g. a city report that names only its province
       g.province_code,
       g.province_zh,
       g.province_en,
       g.city_code,
       c.name_zh    AS city_zh,
       c.name_en    AS city_en,
       f.org_id,
       o.name_zh    AS organization_zh,
       f.indicator_key,
       i.name_zh    AS indicator_zh,
       i.name_en    AS indicator_en,
       i.category,
       i.category_en,
       i.is_rate,
       f.value,
       f.value_max,
       f.unit,
       i.unit_en,
       f.qualifier,
       f.implied,
       f.period,
       f.char_start,
       f.char_end,
       f.note,
       f.batch_id,
       f.is_synthetic
FROM fact f
JOIN dim_report rp     ON rp.report_id = f.report_id
JOIN v_region g        ON g.region_code = f.region_code
LEFT JOIN dim_region c ON c.region_code = g.city_code
LEFT JOIN dim_organization o ON o.org_id = f.org_id
JOIN dim_indicator i   ON i.indicator_key = f.indicator_key;

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
           any_value(scope_level)                             AS scope_level
    FROM roles
    GROUP BY rate_key, report_id, region_code, org_id, period
),
prefecture_counts AS (
    SELECT province_code, count(*)::DOUBLE AS n
    FROM dim_region WHERE level = 'prefecture' GROUP BY province_code
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
       j.region_code, g.name_zh AS region_zh, g.name_en AS region_en, g.level AS region_level,
       g.province_code, g.province_zh, g.province_en, g.city_code,
       j.scope_level,
       (CASE j.scope_level WHEN 'province' THEN 'province' WHEN 'city' THEN 'prefecture' ELSE 'county' END
        <> g.level) AS region_unnamed,
       j.org_id, o.name_zh AS organization_zh, j.period,
       j.numerator_fact_id, j.numerator, j.denominator_fact_id, j.denominator,
       CASE WHEN j.numerator IS NOT NULL AND j.denominator > 0
            THEN round(100.0 * j.numerator / j.denominator, 2) END AS computed_rate,
       j.rate_fact_id, j.reported_rate,
       coalesce(j.reported_rate,
                CASE WHEN j.numerator IS NOT NULL AND j.denominator > 0
                     THEN round(100.0 * j.numerator / j.denominator, 2) END) AS rate,
       (j.reported_rate IS NOT NULL AND j.numerator IS NOT NULL AND j.denominator > 0
        AND abs(100.0 * j.numerator / j.denominator - j.reported_rate) > 0.5) AS is_inconsistent,
       (coalesce(j.numerator_implied, FALSE) OR coalesce(j.denominator_implied, FALSE)
        OR j.reported_rate IS NULL) AS is_implied,
       (coalesce(j.numerator_qualifier, 'exact') <> 'exact'
        OR coalesce(j.denominator_qualifier, 'exact') <> 'exact'
        OR coalesce(j.rate_qualifier, 'exact') <> 'exact') AS is_approximate,
       (j.denominator_from LIKE 'reference:%') AS is_derived,
       (j.numerator IS NOT NULL AND j.denominator IS NOT NULL AND j.numerator > j.denominator) AS numerator_exceeds,
       j.is_synthetic
FROM joined j
JOIN dim_indicator i ON i.indicator_key = j.rate_key
JOIN dim_report rp ON rp.report_id = j.report_id
JOIN v_region g ON g.region_code = j.region_code
LEFT JOIN dim_organization o ON o.org_id = j.org_id
WHERE j.reported_rate IS NOT NULL OR (j.numerator IS NOT NULL AND j.denominator IS NOT NULL);

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
