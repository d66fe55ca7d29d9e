-- Places a dispatch can go to (shelters and villages with their position), county-wide.
-- Grain: as queries/supplies_destinations.sql. Parameters: none.
-- Columns: the columns of queries/supplies_destinations.sql, then township_code
SELECT 'shelter' AS to_kind, s.id AS to_id, s.name, t.name AS township, s.status, s.occupancy, s.lon, s.lat,
       s.township_code
FROM shelters AS s JOIN townships AS t ON t.code = s.township_code
UNION ALL
SELECT 'village', v.code, v.name, t.name, NULL, NULL, v.lon, v.lat, v.township_code
FROM villages AS v JOIN townships AS t ON t.code = v.township_code
ORDER BY 1, CASE status WHEN 'open' THEN 0 ELSE 1 END, 2
