-- A worker's death spends an item's attempt only when the ledger knows the item had started on it (started_at); the
-- start is recorded only for items whose worker died holding them before (worker_deaths > 0), so the common path
-- costs no extra statement and a poison item still ends in error after max_attempts.
ALTER TABLE items ADD COLUMN started_at timestamptz;
ALTER TABLE items ADD COLUMN worker_deaths integer NOT NULL DEFAULT 0;
