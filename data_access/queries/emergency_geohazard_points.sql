-- The geohazard points with their largest current displacement reading and their alarm state (serving table geohazard_point_state).
-- Grain: one row per geohazard point. Parameters: $township (VARCHAR or NULL = county).
-- Columns: id, name, kind, township, lon, lat, threatened_people, displacement_mm, threshold_mm, observed_at,
--          alarm_level (蓝黄橙红 or NULL), alarm_since
SELECT * EXCLUDE (township_code) FROM geohazard_point_state
WHERE $township::VARCHAR IS NULL OR township_code = $township::VARCHAR
ORDER BY id
