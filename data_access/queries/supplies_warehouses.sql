-- Warehouses with what they hold, optionally in one township (serving table warehouse_holdings).
-- Grain: one row per warehouse. Parameters: $township (VARCHAR code or NULL for all).
-- Columns: id, name, level, township_code, township, lon, lat, categories, items, rows_below_min
SELECT * FROM warehouse_holdings
WHERE $township::VARCHAR IS NULL OR township_code = $township::VARCHAR
ORDER BY level, id
