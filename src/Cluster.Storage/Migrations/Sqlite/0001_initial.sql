-- Embedded mode. Times are INTEGER unix microseconds (UTC) from the store process's clock.

CREATE TABLE runs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL UNIQUE,
    kind          TEXT    NOT NULL,
    state         TEXT    NOT NULL,
    priority      INTEGER NOT NULL,
    max_attempts  INTEGER NOT NULL CHECK (max_attempts >= 1),
    lease_seconds INTEGER NOT NULL CHECK (lease_seconds >= 1),
    spec          TEXT    NOT NULL CHECK (json_valid(spec)),
    sample        TEXT,
    expanded      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    started_at    INTEGER,
    finished_at   INTEGER
);
CREATE INDEX runs_created ON runs (created_at DESC, id DESC);

CREATE TABLE items (
    run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    key         TEXT    NOT NULL,
    idx         INTEGER NOT NULL,
    input       TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_token TEXT,
    lease_until INTEGER,
    not_before  INTEGER NOT NULL DEFAULT 0,
    error       TEXT,
    priority    INTEGER NOT NULL,
    finished_at INTEGER,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (run_id, key)
);
CREATE INDEX items_pending ON items (priority, run_id, idx) WHERE state = 'pending';
CREATE UNIQUE INDEX items_lease_token ON items (lease_token) WHERE lease_token IS NOT NULL;
CREATE INDEX items_lease_expiry ON items (lease_until) WHERE state = 'leased';
CREATE INDEX items_run_order ON items (run_id, idx);
CREATE INDEX items_run_state ON items (run_id, state);

CREATE TABLE item_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    key     TEXT    NOT NULL,
    at      INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    level   TEXT    NOT NULL,
    message TEXT    NOT NULL,
    worker  TEXT
);
CREATE INDEX item_log_item ON item_log (run_id, key, id);

CREATE TABLE artifacts (
    run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    item_key   TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    media_type TEXT    NOT NULL,
    size       INTEGER NOT NULL,
    sha256     TEXT    NOT NULL,
    store_key  TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (run_id, item_key, name)
);

CREATE TABLE workers (
    id           TEXT PRIMARY KEY,
    host         TEXT    NOT NULL,
    process_id   INTEGER NOT NULL,
    slots        INTEGER NOT NULL,
    started_at   INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL
);

CREATE TABLE leader (
    name       TEXT PRIMARY KEY,
    holder     TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE TABLE watches (
    name           TEXT PRIMARY KEY,
    source         TEXT    NOT NULL,
    pattern        TEXT    NOT NULL,
    spec           TEXT    NOT NULL CHECK (json_valid(spec)),
    settle_seconds INTEGER NOT NULL DEFAULT 10,
    created_at     INTEGER NOT NULL
);

CREATE TABLE watch_files (
    watch_name    TEXT    NOT NULL REFERENCES watches (name) ON DELETE CASCADE,
    path          TEXT    NOT NULL,
    size          INTEGER NOT NULL,
    mtime_or_etag TEXT    NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    seen_at       INTEGER NOT NULL,
    PRIMARY KEY (watch_name, path)
);
