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
