-- The flash-flood key villages (小流域山洪防御重点村落) with their rain-triggered warning state.
-- Grain: one row per key village. Parameters: $township (VARCHAR or NULL = county).
-- Columns: code, name, township, lon, lat, population, warning_level (蓝黄橙红 or NULL), rain_mm (the alarm's value),
--          threshold_mm, warning_since, observed_at
WITH al AS (
    SELECT object_id, arg_max(level, updated_at) AS warning_level, arg_max(value, updated_at) AS rain_mm,
           arg_max(threshold, updated_at) AS threshold_mm, min(started_at) AS warning_since, max(updated_at) AS observed_at
    FROM alarms WHERE status = 'active' AND kind = 'flash_flood' GROUP BY object_id
)
SELECT v.code, v.name, t.name AS township, v.lon, v.lat, v.population, al.warning_level, al.rain_mm,
       al.threshold_mm, al.warning_since, coalesce(al.observed_at, v.updated_at) AS observed_at
FROM villages AS v
LEFT JOIN townships AS t ON t.code = v.township_code
LEFT JOIN al ON al.object_id = v.code
WHERE v.flash_flood_key AND ($township IS NULL OR v.township_code = $township)
ORDER BY v.code
