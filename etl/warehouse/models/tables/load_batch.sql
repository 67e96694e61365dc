CREATE TABLE load_batch (
    batch_id      INTEGER PRIMARY KEY,
    kind          VARCHAR NOT NULL,          -- 'build' (curated data/) or 'add' (analyst intake)
    source_file   VARCHAR NOT NULL,          -- path relative to the project, or the uploaded file name
    file_sha256   VARCHAR NOT NULL,
    loaded_at     TIMESTAMP,                 -- NULL for build batches (keeps builds byte-for-byte idempotent)
    loaded_by     VARCHAR,
    rows_in       INTEGER NOT NULL,
    rows_loaded   INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    only_valid    BOOLEAN NOT NULL DEFAULT FALSE,  -- analyst chose to load only the valid rows
    note          VARCHAR,
    state         VARCHAR NOT NULL DEFAULT 'published',  -- draft (analysts and admins see it) | published (everyone)
    published_at  TIMESTAMP,                 -- when it was last published (NULL: a draft, or a build batch)
    published_by  VARCHAR
);
