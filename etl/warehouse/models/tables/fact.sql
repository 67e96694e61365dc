CREATE TABLE fact (
    fact_id       VARCHAR PRIMARY KEY,
    report_id     VARCHAR NOT NULL,
    region_code   VARCHAR NOT NULL,
    scope_level   VARCHAR NOT NULL,          -- level the figure describes; finer than the region when unnamed
    org_id        VARCHAR,                   -- the subject, when it is a body (sector, organs, organisation)
    subject_kind  VARCHAR NOT NULL,          -- region | sector | government_organs | organisation (core/subjects.py)
    indicator_key VARCHAR NOT NULL,
    value         DOUBLE NOT NULL,           -- base units (元, not 亿元)
    value_max     DOUBLE,                    -- upper bound for ranges (1-2)
    unit          VARCHAR NOT NULL,
    qualifier     VARCHAR NOT NULL,          -- exact | more_than | at_least | approx | range
    implied       BOOLEAN NOT NULL DEFAULT FALSE,  -- follows from wording (全部), not written as a number
    period        VARCHAR,                   -- as stated; NULL if none
    ref_date      VARCHAR,                   -- the date the figure refers to, ISO, possibly partial (2019-12, 2022)
    ref_year      INTEGER,
    ref_date_basis VARCHAR,                  -- stated | published | inferred | unknown (set by every write)
    char_start    INTEGER,
    char_end      INTEGER,
    note          VARCHAR,
    batch_id      INTEGER NOT NULL,
    is_synthetic  BOOLEAN NOT NULL DEFAULT FALSE
);
