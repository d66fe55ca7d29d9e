-- Stock movements (in and out), newest first, among the newest kept in the serving table recent_stock_movements
-- (supplies.movements falls back to supplies_movements_all.sql when a filter finds fewer than $limit there).
-- Grain: one row per movement. Parameters: $township, $warehouse, $category (or NULL), $limit (INTEGER).
-- Columns: id, moved_at, warehouse_id, warehouse, category, unit, direction, quantity, reason, order_id
SELECT * EXCLUDE (township_code, category_code) FROM recent_stock_movements
WHERE ($township::VARCHAR IS NULL OR township_code = $township::VARCHAR)
  AND ($warehouse::VARCHAR IS NULL OR warehouse_id = $warehouse::VARCHAR)
  AND ($category::VARCHAR IS NULL OR category_code = $category::VARCHAR)
ORDER BY moved_at DESC, id
LIMIT $limit
