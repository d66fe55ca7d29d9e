-- All shelters (避灾安置场所) with capacity, status and occupancy, optionally in one township.
-- Grain: one row per shelter. Parameters: $township (or NULL).
-- Columns: id, name, township_code, township, village_code, lon, lat, capacity, status, occupancy, occupancy_ratio, opened_at
SELECT
    s.id, s.name, s.township_code, t.name AS township, s.village_code, s.lon, s.lat, s.capacity,
    s.status, s.occupancy, s.occupancy / nullif(s.capacity, 0) AS occupancy_ratio, s.opened_at
FROM shelters AS s
LEFT JOIN townships AS t ON t.code = s.township_code
WHERE $township::VARCHAR IS NULL OR s.township_code = $township::VARCHAR
ORDER BY CASE s.status WHEN 'open' THEN 0 WHEN 'standby' THEN 1 ELSE 2 END, s.occupancy DESC, s.id
