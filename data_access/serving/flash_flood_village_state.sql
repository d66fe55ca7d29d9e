-- The flash-flood key villages with their rain-triggered warning state, county-wide.
-- Grain: as queries/emergency_flash_flood_villages.sql. Parameters: none.
-- Columns: the columns of queries/emergency_flash_flood_villages.sql, then township_code
WITH al AS (
    SELECT object_id, arg_max(level, updated_at) AS warning_level, arg_max(value, updated_at) AS rain_mm,
           arg_max(threshold, updated_at) AS threshold_mm, min(started_at) AS warning_since, max(updated_at) AS observed_at
    FROM alarms WHERE status = 'active' AND kind = 'flash_flood' GROUP BY object_id
)
SELECT v.code, v.name, t.name AS township, v.lon, v.lat, v.population, al.warning_level, al.rain_mm,
       al.threshold_mm, al.warning_since, coalesce(al.observed_at, v.updated_at) AS observed_at, v.township_code
FROM villages AS v
LEFT JOIN townships AS t ON t.code = v.township_code
LEFT JOIN al ON al.object_id = v.code
WHERE v.flash_flood_key
ORDER BY v.code
