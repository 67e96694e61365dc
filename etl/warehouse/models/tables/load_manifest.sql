CREATE TABLE load_manifest (
    file_path   VARCHAR PRIMARY KEY,
    kind        VARCHAR NOT NULL,            -- reference | figures | archive
    file_sha256 VARCHAR NOT NULL,
    rows_read   INTEGER NOT NULL,
    rows_loaded INTEGER NOT NULL
);
