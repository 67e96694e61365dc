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
