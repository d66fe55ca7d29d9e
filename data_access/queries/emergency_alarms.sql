-- The alarm list, newest first, with the name of the place each alarm is about (serving table alarm_board).
-- Grain: one row per alarm episode. Parameters: $township (VARCHAR or NULL = county), $limit (INTEGER).
-- Columns: id, started_at, updated_at, cleared_at, township, place, kind, object_type, object_id,
--          value, threshold, unit, level (蓝黄橙红), status (active | cleared), lon, lat
SELECT * EXCLUDE (township_code) FROM alarm_board
WHERE $township::VARCHAR IS NULL OR township_code = $township::VARCHAR
ORDER BY started_at DESC, updated_at DESC, id
LIMIT $limit
