-- Places a dispatch can go to: shelters and villages with their position, optionally in one township.
-- Grain: one row per shelter or village. Parameters: $township (or NULL).
-- Columns: to_kind, to_id, name, township, status, occupancy, lon, lat
SELECT 'shelter' AS to_kind, s.id AS to_id, s.name, t.name AS township, s.status, s.occupancy, s.lon, s.lat
FROM shelters AS s JOIN townships AS t ON t.code = s.township_code
WHERE $township::VARCHAR IS NULL OR s.township_code = $township::VARCHAR
UNION ALL
SELECT 'village', v.code, v.name, t.name, NULL, NULL, v.lon, v.lat
FROM villages AS v JOIN townships AS t ON t.code = v.township_code
WHERE $township::VARCHAR IS NULL OR v.township_code = $township::VARCHAR
ORDER BY 1, CASE status WHEN 'open' THEN 0 ELSE 1 END, 2
