-- 避灾安置场所 of one township (or the county) with their state now (serving table shelter_state).
-- Grain: one row per shelter. Parameters: $township (VARCHAR or NULL = county).
-- Columns: id, name, township, village, capacity, status, occupancy, opened_at
SELECT * EXCLUDE (township_code) FROM shelter_state
WHERE $township::VARCHAR IS NULL OR township_code = $township::VARCHAR
ORDER BY CASE status WHEN 'open' THEN 0 WHEN 'standby' THEN 1 ELSE 2 END, occupancy DESC, capacity DESC, id
