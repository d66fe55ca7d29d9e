-- Latest-state table for reservoirs, maintained by the hydro loader from the readings just loaded.
-- Grain: one row per reservoir. Input: the registered frame `arrived` (reservoir_readings columns).
INSERT OR REPLACE INTO reservoir_latest
SELECT a.reservoir_id, a.observed_at, a.level_m, a.storage_10k_m3, a.inflow_m3s, a.outflow_m3s
FROM (
    SELECT * FROM arrived QUALIFY row_number() OVER (PARTITION BY reservoir_id ORDER BY observed_at DESC) = 1
) AS a
LEFT JOIN reservoir_latest AS s USING (reservoir_id)
WHERE s.reservoir_id IS NULL OR a.observed_at >= s.observed_at
