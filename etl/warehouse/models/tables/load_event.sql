-- The batch log's events (data/archive/batches.jsonl) that this warehouse state includes, written in the
-- same transaction as the data they describe. After a crash between a commit and the log append, the next
-- write (or `etl batches`) appends to the log what is here and missing there: the two always agree.
CREATE TABLE load_event (
    event         VARCHAR NOT NULL,          -- add | rollback | publish | unpublish
    batch_id      INTEGER NOT NULL,
    record        VARCHAR NOT NULL           -- the log line, as JSON
);
