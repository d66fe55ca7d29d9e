-- Freshness and health of every upstream system, from the load-run log.
-- Grain: one row per source that has ever run. Parameters: $since (TIMESTAMP, UTC) for the error/quarantine window.
-- Columns: source, last_success (UTC), last_run (UTC), last_status, last_rows, last_message,
--          runs_since, failed_since, quarantined_since
WITH ranked AS (
    SELECT *, row_number() OVER (PARTITION BY source ORDER BY finished_at DESC) AS rn FROM load_runs
)
SELECT
    r.source,
    (SELECT max(finished_at) FROM load_runs AS s WHERE s.source = r.source AND s.status IN ('ok', 'partial')) AS last_success,
    r.finished_at AS last_run,
    r.status AS last_status,
    r.rows AS last_rows,
    r.message AS last_message,
    (SELECT count(*) FROM load_runs AS s WHERE s.source = r.source AND s.started_at >= $since) AS runs_since,
    (SELECT count(*) FROM load_runs AS s WHERE s.source = r.source AND s.started_at >= $since AND s.status = 'failed') AS failed_since,
    (SELECT count(*) FROM quarantine AS q WHERE q.source = r.source AND q.received_at >= $since) AS quarantined_since
FROM ranked AS r
WHERE r.rn = 1
ORDER BY r.source
