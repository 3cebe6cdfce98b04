-- Settle tracking for watched files. size/mtime_or_etag is the latest observation and unchanged_since (unix
-- microseconds) when it was first seen with that value; enqueued_* is the version last turned into an item, version
-- how many were (0: none; the store always writes it, SQLite cannot change the column default).
-- The item of version 1 has the relative path as key, later versions "path@vN".
ALTER TABLE watch_files ADD COLUMN unchanged_since INTEGER NOT NULL DEFAULT 0;
ALTER TABLE watch_files ADD COLUMN enqueued_size INTEGER;
ALTER TABLE watch_files ADD COLUMN enqueued_mtime_or_etag TEXT;
