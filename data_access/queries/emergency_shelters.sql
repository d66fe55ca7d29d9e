-- Shelters (避灾安置场所) with status and occupancy.
-- Grain: one row per shelter. Parameters: $township (VARCHAR or NULL = county).
-- Columns: id, name, township, lon, lat, capacity, status (open | standby | closed), occupancy, opened_at, updated_at
SELECT s.id, s.name, t.name AS township, s.lon, s.lat, s.capacity, s.status, s.occupancy, s.opened_at, s.updated_at
FROM shelters AS s
LEFT JOIN townships AS t ON t.code = s.township_code
WHERE $township IS NULL OR s.township_code = $township
ORDER BY s.id
