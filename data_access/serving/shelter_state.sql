-- 避灾安置场所 with their state now, county-wide.
-- Grain: as queries/risk_township_shelters.sql. Parameters: none.
-- Columns: the columns of queries/risk_township_shelters.sql, then township_code
SELECT s.id, s.name, t.name AS township, v.name AS village, s.capacity, s.status, s.occupancy, s.opened_at, s.township_code
FROM shelters AS s
LEFT JOIN townships AS t ON t.code = s.township_code
LEFT JOIN villages AS v ON v.code = s.village_code
ORDER BY CASE s.status WHEN 'open' THEN 0 WHEN 'standby' THEN 1 ELSE 2 END, s.occupancy DESC, s.capacity DESC, s.id
