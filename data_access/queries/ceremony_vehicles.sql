-- Vehicles of the 公车调度 system at their latest position.
-- Grain: one row per vehicle. Parameters: none.
-- Columns: id, plate, kind, department, lon, lat, status (待命 | 出车 | 返回), updated_at (Beijing time)
SELECT id, plate, kind, department, lon, lat, status, updated_at
FROM vehicles
ORDER BY id
