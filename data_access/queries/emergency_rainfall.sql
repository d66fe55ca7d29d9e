-- The latest 1 h and 24 h rainfall of every rain gauge.
-- Grain: one row per rain gauge. Parameters: $township (VARCHAR or NULL = county).
-- Columns: probe_id, name, township, lon, lat, rain_1h_mm, rain_24h_mm, observed_at
SELECT r.probe_id, p.name, t.name AS township, p.lon, p.lat,
       arg_max(r.rain_1h_mm, r.observed_at) AS rain_1h_mm, arg_max(r.rain_24h_mm, r.observed_at) AS rain_24h_mm,
       max(r.observed_at) AS observed_at
FROM rainfall AS r
JOIN probes AS p ON p.id = r.probe_id
LEFT JOIN townships AS t ON t.code = p.township_code
WHERE $township IS NULL OR p.township_code = $township
GROUP BY r.probe_id, p.name, t.name, p.lon, p.lat
ORDER BY rain_24h_mm DESC
