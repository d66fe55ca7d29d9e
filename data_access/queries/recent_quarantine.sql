-- The newest quarantined upstream records with the reason each was rejected.
-- Grain: one row per rejected record. Parameters: $limit (INTEGER).
-- Columns: received_at (UTC), source, resource, reason, payload
SELECT received_at, source, resource, reason, payload
FROM quarantine
ORDER BY received_at DESC
LIMIT $limit
