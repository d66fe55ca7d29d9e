-- 避灾安置场所 of one township (or the county) with their state now.
-- Grain: one row per shelter. Parameters: $township (VARCHAR or NULL = county).
-- Columns: id, name, township, village, capacity, status, occupancy, opened_at
SELECT s.id, s.name, t.name AS township, v.name AS village, s.capacity, s.status, s.occupancy, s.opened_at
FROM shelters AS s
LEFT JOIN townships AS t ON t.code = s.township_code
LEFT JOIN villages AS v ON v.code = s.village_code
WHERE $township::VARCHAR IS NULL OR s.township_code = $township::VARCHAR
ORDER BY CASE s.status WHEN 'open' THEN 0 WHEN 'standby' THEN 1 ELSE 2 END, s.occupancy DESC, s.capacity DESC, s.id
