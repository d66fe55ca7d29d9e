-- The flash-flood key villages (小流域山洪防御重点村落) with their rain-triggered warning state (serving table flash_flood_village_state).
-- Grain: one row per key village. Parameters: $township (VARCHAR or NULL = county).
-- Columns: code, name, township, lon, lat, population, warning_level (蓝黄橙红 or NULL), rain_mm (the alarm's value),
--          threshold_mm, warning_since, observed_at
SELECT * EXCLUDE (township_code) FROM flash_flood_village_state
WHERE $township::VARCHAR IS NULL OR township_code = $township::VARCHAR
ORDER BY code
