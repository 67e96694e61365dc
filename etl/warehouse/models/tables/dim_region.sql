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
    is_current        BOOLEAN NOT NULL,      -- FALSE: a unit that no longer exists (户县, 莱芜市, 下城区)
    successor_code    VARCHAR,               -- a past unit: today's unit it rolls up to (NULL if not one)
    valid_to          VARCHAR,               -- a past unit: when it ended (2019-01, or the first year unlisted)
    source            VARCHAR NOT NULL
);
