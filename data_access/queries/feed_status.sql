-- Freshness and health of every upstream system (serving table feed_health, one pass over the load-run log).
-- Grain: one row per source that has ever run. Parameters: none; the counts cover the hour before the snapshot
-- was published.
-- Columns: source, last_success (UTC), last_run (UTC), last_status, last_rows, last_message,
--          runs_since, failed_since, quarantined_since
SELECT * FROM feed_health ORDER BY source
