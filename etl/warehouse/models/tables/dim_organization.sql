CREATE TABLE dim_organization (
    org_id      VARCHAR PRIMARY KEY,         -- stable: md5 of normalized name + region
    name_zh     VARCHAR NOT NULL,
    region_code VARCHAR
);
