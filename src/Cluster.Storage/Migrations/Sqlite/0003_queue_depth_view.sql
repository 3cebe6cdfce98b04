-- The same views as the PostgreSQL migration 0003 (see there): queue depth for autoscaling and operators, and item
-- transitions classified from the item log for the metrics counters.
CREATE VIEW queue_depth AS
SELECT p.pending, l.leased, p.pending + l.leased AS depth
FROM (SELECT count(*) AS pending FROM items WHERE state = 'pending') p,
     (SELECT count(*) AS leased FROM items WHERE state = 'leased') l;

CREATE VIEW item_transitions AS
SELECT l.id, l.run_id, r.kind, l.key, l.attempt, l.at,
       CASE
           WHEN l.level = 'info' AND (l.message = 'done' OR l.message LIKE 'done: %') THEN 'done'
           WHEN l.level = 'info' AND (l.message = 'no_data' OR l.message LIKE 'no\_data: %' ESCAPE '\') THEN 'no_data'
           WHEN l.level = 'error' THEN 'failed'
           WHEN l.level = 'info' AND l.message LIKE 'released: %' THEN 'released'
           WHEN l.level = 'warning' AND l.message LIKE 'lease expired, %attempts exhausted%' THEN 'rescue_failed'
           WHEN l.level = 'warning' AND l.message LIKE 'lease expired, %' THEN 'rescued'
       END AS transition
FROM item_log l
JOIN runs r ON r.id = l.run_id
WHERE l.key <> '';
