-- Stock rows below their minimum level (缺口 = min_quantity - quantity), worst first (serving table stock_shortfalls).
-- Grain: one row per (warehouse, category) below its minimum. Parameters: $township, $warehouse, $category (or NULL).
-- Columns: warehouse_id, warehouse, township, category_code, category, unit, quantity, min_quantity, shortfall, fill_ratio
SELECT * EXCLUDE (township_code) FROM stock_shortfalls
WHERE ($township::VARCHAR IS NULL OR township_code = $township::VARCHAR)
  AND ($warehouse::VARCHAR IS NULL OR warehouse_id = $warehouse::VARCHAR)
  AND ($category::VARCHAR IS NULL OR category_code = $category::VARCHAR)
ORDER BY fill_ratio, shortfall DESC
