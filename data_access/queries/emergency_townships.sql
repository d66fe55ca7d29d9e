-- The township-level divisions with their seats (approximate) and live alarm counts, for the filter and the map.
-- Grain: one row per township. Parameters: none.
-- Columns: code, name, lon, lat, area_km2, population, active_alarms, worst_rank (0 none, 1..4 = 蓝黄橙红)
SELECT t.code, t.name, t.lon, t.lat, t.area_km2, t.population,
       count(a.id) AS active_alarms,
       coalesce(max(CASE a.level WHEN '蓝' THEN 1 WHEN '黄' THEN 2 WHEN '橙' THEN 3 WHEN '红' THEN 4 END), 0) AS worst_rank
FROM townships AS t
LEFT JOIN alarms AS a ON a.township_code = t.code AND a.status = 'active'
GROUP BY ALL
ORDER BY t.code
