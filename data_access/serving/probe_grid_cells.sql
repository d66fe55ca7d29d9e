-- Probes aggregated on a square grid over the county, so the browser gets hundreds of cells, not 10,396 points.
-- Grain: one row per grid cell that holds a probe. Parameters: $cell_deg (DOUBLE, cell size in degrees; bound from
--   emergency.PROBE_CELL_DEG at publish).
-- Columns: as queries/emergency_probe_cells.sql
SELECT
    avg(p.lon) AS lon, avg(p.lat) AS lat, count(*) AS probes,
    count(*) FILTER (WHERE s.status = 'online') AS online,
    count(*) FILTER (WHERE s.status = 'offline' OR s.status IS NULL) AS offline,
    count(*) FILTER (WHERE s.status = 'alarm') AS alarm,
    count(*) FILTER (WHERE p.kind = 'video') AS video,
    max(s.observed_at) AS observed_at
FROM probes AS p
LEFT JOIN probe_state AS s ON s.probe_id = p.id
GROUP BY floor(p.lon / $cell_deg), floor(p.lat / $cell_deg)
ORDER BY alarm DESC, probes DESC
