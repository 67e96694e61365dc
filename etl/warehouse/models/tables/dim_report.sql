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
