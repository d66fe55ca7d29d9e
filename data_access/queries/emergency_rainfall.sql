-- The latest 1 h and 24 h rainfall of every rain gauge (rainfall_latest, kept by the weather loader).
-- Grain: one row per rain gauge. Parameters: $township (VARCHAR or NULL = county).
-- Columns: probe_id, name, township, lon, lat, rain_1h_mm, rain_24h_mm, observed_at
SELECT r.probe_id, p.name, t.name AS township, p.lon, p.lat, r.rain_1h_mm, r.rain_24h_mm, r.observed_at
FROM rainfall_latest AS r
JOIN probes AS p ON p.id = r.probe_id
LEFT JOIN townships AS t ON t.code = p.township_code
WHERE $township IS NULL OR p.township_code = $township
ORDER BY rain_24h_mm DESC
