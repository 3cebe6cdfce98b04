-- A worker's death spends an item's attempt only when the ledger knows the item had started on it (started_at); the
-- start is recorded only for items whose worker died holding them before (worker_deaths > 0).
ALTER TABLE items ADD COLUMN started_at INTEGER;
ALTER TABLE items ADD COLUMN worker_deaths INTEGER NOT NULL DEFAULT 0;
