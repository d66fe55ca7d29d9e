-- Freshness and health of every upstream system, from the load-run log (one pass over it).
-- Grain: one row per source that has ever run. Parameters: $since (TIMESTAMP, UTC) for the error/quarantine window.
-- Columns: source, last_success (UTC), last_run (UTC), last_status, last_rows, last_message,
--          runs_since, failed_since, quarantined_since
WITH runs AS (
    SELECT
        source,
        max(finished_at) FILTER (WHERE status IN ('ok', 'partial')) AS last_success,
        max(finished_at) AS last_run,
        arg_max(status, finished_at) AS last_status,
        arg_max(rows, finished_at) AS last_rows,
        arg_max(message, finished_at) AS last_message,
        count(*) FILTER (WHERE started_at >= $since) AS runs_since,
        count(*) FILTER (WHERE started_at >= $since AND status = 'failed') AS failed_since
    FROM load_runs
    GROUP BY source
), quarantined AS (
    SELECT source, count(*) AS quarantined_since FROM quarantine WHERE received_at >= $since GROUP BY source
)
SELECT r.*, coalesce(q.quarantined_since, 0) AS quarantined_since
FROM runs AS r LEFT JOIN quarantined AS q USING (source)
ORDER BY r.source
