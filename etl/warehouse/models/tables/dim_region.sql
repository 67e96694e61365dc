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
