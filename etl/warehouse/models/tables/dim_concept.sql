-- Comparable measures above the reports' own indicators: figures are compared only within one concept
-- (and one kind of subject).
CREATE TABLE dim_concept (
    concept_key         VARCHAR PRIMARY KEY,
    name_zh             VARCHAR NOT NULL,
    name_en             VARCHAR NOT NULL,
    kind                VARCHAR NOT NULL,     -- count | amount | coverage | share | growth | duration | frequency
    unit                VARCHAR NOT NULL,
    target              DOUBLE,               -- the rate leaders measure against (coverage: 100 unless set)
    numerator_concept   VARCHAR,              -- rates: the concepts they divide
    denominator_concept VARCHAR,
    definition_zh       VARCHAR,
    definition_en       VARCHAR,
    source              VARCHAR NOT NULL
);
