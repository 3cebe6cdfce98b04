-- Views for autoscaling and metrics, so consumers outside the application (KEDA's PostgreSQL trigger, an operator's
-- psql) need one line: SELECT depth FROM queue_depth.
--
-- queue_depth: work not yet finished. pending includes items waiting out a rescue backoff (they are claimed within
-- seconds); leased items occupy a worker slot right now. KEDA divides depth by the slots of one worker.
-- Two counts over the partial indexes items_pending and items_lease_expiry (index-only scans): the cost follows the
-- queue, not the table (measured with 1M items, 200k queued: 45 ms, against 190 ms for one filtered scan of items).
CREATE VIEW queue_depth AS
SELECT p.pending, l.leased, p.pending + l.leased AS depth
FROM (SELECT count(*) AS pending FROM items WHERE state = 'pending') p,
     (SELECT count(*) AS leased FROM items WHERE state = 'leased') l;

-- item_transitions: every ended attempt, classified from the item log that each transition writes in its own
-- statement (so the counts are durable, never decrease, and agree with the items). The messages are the stores':
-- complete 'done[: note]' / 'no_data[: note]', fail at level error, release 'released: reason', rescue 'lease expired, ...'.
-- Run-level entries (key '') are not item transitions.
CREATE VIEW item_transitions AS
SELECT l.id, l.run_id, r.kind, l.key, l.attempt, l.at,
       CASE
           WHEN l.level = 'info' AND (l.message = 'done' OR l.message LIKE 'done: %') THEN 'done'
           WHEN l.level = 'info' AND (l.message = 'no_data' OR l.message LIKE 'no\_data: %') THEN 'no_data'
           WHEN l.level = 'error' THEN 'failed'
           WHEN l.level = 'info' AND l.message LIKE 'released: %' THEN 'released'
           WHEN l.level = 'warning' AND l.message LIKE 'lease expired, %attempts exhausted%' THEN 'rescue_failed'
           WHEN l.level = 'warning' AND l.message LIKE 'lease expired, %' THEN 'rescued'
       END AS transition
FROM item_log l
JOIN runs r ON r.id = l.run_id
WHERE l.key <> '';
