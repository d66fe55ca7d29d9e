-- Places a dispatch can go to: shelters and villages with their position, optionally in one township
-- (serving table dispatch_destinations).
-- Grain: one row per shelter or village. Parameters: $township (or NULL).
-- Columns: to_kind, to_id, name, township, status, occupancy, lon, lat
SELECT * EXCLUDE (township_code) FROM dispatch_destinations
WHERE $township::VARCHAR IS NULL OR township_code = $township::VARCHAR
ORDER BY 1, CASE status WHEN 'open' THEN 0 ELSE 1 END, 2
