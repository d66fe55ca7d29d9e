-- The township-level divisions with their seats and live alarm counts.
-- Grain, columns: as queries/emergency_townships.sql. Parameters: none.
SELECT t.code, t.name, t.lon, t.lat, t.area_km2, t.population,
       count(a.id) AS active_alarms,
       coalesce(max(CASE a.level WHEN '蓝' THEN 1 WHEN '黄' THEN 2 WHEN '橙' THEN 3 WHEN '红' THEN 4 END), 0) AS worst_rank
FROM townships AS t
LEFT JOIN alarms AS a ON a.township_code = t.code AND a.status = 'active'
GROUP BY ALL
ORDER BY t.code
