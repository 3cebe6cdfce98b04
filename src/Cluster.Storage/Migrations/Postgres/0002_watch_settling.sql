-- Settle tracking for watched files. size/mtime_or_etag is the latest observation and unchanged_since when it was
-- first seen with that value; enqueued_* is the version last turned into an item, version how many were (0: none).
-- The item of version 1 has the relative path as key, later versions "path@vN".
ALTER TABLE watch_files ADD COLUMN unchanged_since timestamptz NOT NULL DEFAULT now();
ALTER TABLE watch_files ADD COLUMN enqueued_size bigint;
ALTER TABLE watch_files ADD COLUMN enqueued_mtime_or_etag text;
ALTER TABLE watch_files ALTER COLUMN version SET DEFAULT 0;
