CREATE TABLE indicator_pair (
    rate_key        VARCHAR NOT NULL,        -- the rate indicator (unit %)
    numerator_key   VARCHAR NOT NULL,
    denominator_key VARCHAR,                 -- NULL when the denominator comes from reference data
    denominator_from VARCHAR NOT NULL,       -- 'figure' | 'reference:prefecture_count'
    source          VARCHAR NOT NULL
);
