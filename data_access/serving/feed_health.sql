-- Freshness and health of every upstream system, from the load-run log (one pass over it per snapshot).
-- Grain: one row per source that has ever run. Parameters: $published_at (TIMESTAMP, UTC): the hour before it is
-- the window of the run, failure and quarantine counts.
-- Columns: source, last_success (UTC), last_run (UTC), last_status, last_rows, last_message,
--          runs_since, failed_since, quarantined_since
WITH since AS (SELECT $published_at::TIMESTAMP - INTERVAL 1 HOUR AS t),
runs AS (
    SELECT
        source,
        max(finished_at) FILTER (WHERE status IN ('ok', 'partial')) AS last_success,
        max(finished_at) AS last_run,
        arg_max(status, finished_at) AS last_status,
        arg_max(rows, finished_at) AS last_rows,
        arg_max(message, finished_at) AS last_message,
        count(*) FILTER (WHERE started_at >= since.t) AS runs_since,
        count(*) FILTER (WHERE started_at >= since.t AND status = 'failed') AS failed_since
    FROM load_runs, since
    GROUP BY source
), quarantined AS (
    SELECT source, count(*) AS quarantined_since FROM quarantine, since WHERE received_at >= since.t GROUP BY source
)
SELECT r.*, coalesce(q.quarantined_since, 0) AS quarantined_since
FROM runs AS r LEFT JOIN quarantined AS q USING (source)
ORDER BY r.source
