-- Latest-state table for rain gauges, maintained by the weather loader from the rainfall just loaded.
-- Grain: one row per rain gauge. Input: the registered frame `arrived` (rainfall columns).
INSERT OR REPLACE INTO rainfall_latest
SELECT a.probe_id, a.observed_at, a.rain_1h_mm, a.rain_24h_mm
FROM (
    SELECT * FROM arrived QUALIFY row_number() OVER (PARTITION BY probe_id ORDER BY observed_at DESC) = 1
) AS a
LEFT JOIN rainfall_latest AS s USING (probe_id)
WHERE s.probe_id IS NULL OR a.observed_at >= s.observed_at
