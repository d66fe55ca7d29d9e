-- The township-level divisions with their seats (approximate) and live alarm counts, for the filter and the map (serving table township_alarm_state).
-- Grain: one row per township. Parameters: none.
-- Columns: code, name, lon, lat, area_km2, population, active_alarms, worst_rank (0 none, 1..4 = 蓝黄橙红)
SELECT * FROM township_alarm_state
ORDER BY code
