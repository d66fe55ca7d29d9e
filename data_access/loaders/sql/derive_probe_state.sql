-- Latest-state table for probes, maintained by the iot loader from the readings just loaded.
-- Grain: one row per probe. Input: the registered frame `arrived` (probe_id, observed_at, status, value).
INSERT OR REPLACE INTO probe_state
SELECT a.probe_id, a.status, a.value, a.observed_at, now()::TIMESTAMP
FROM (
    SELECT * FROM arrived QUALIFY row_number() OVER (PARTITION BY probe_id ORDER BY observed_at DESC) = 1
) AS a
LEFT JOIN probe_state AS s USING (probe_id)
WHERE s.probe_id IS NULL OR a.observed_at >= s.observed_at
