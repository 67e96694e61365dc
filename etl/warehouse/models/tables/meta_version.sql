-- The warehouse's data version: one row, raised by every write in the write's own transaction. Two writers
-- committing at once to one DuckLake both update this row, so the lake refuses the second commit (a
-- conflict), which then retries on the new state instead of landing a duplicate batch id.
CREATE TABLE meta_version (
    version       BIGINT NOT NULL,
    written_at    TIMESTAMP                  -- UTC; NULL after a build (builds stay byte-for-byte idempotent)
);
