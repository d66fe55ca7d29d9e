-- Stock movements (in and out), newest first, from the whole table (the last archive.HOT_DAYS days; older ones
-- are archived to Parquet): for filters that reach past the newest kept in the serving table recent_stock_movements.
-- Grain: one row per movement. Parameters: $township, $warehouse, $category (or NULL), $limit (INTEGER).
-- Columns: id, moved_at, warehouse_id, warehouse, category, unit, direction, quantity, reason, order_id
SELECT
    m.id, m.moved_at, w.id AS warehouse_id, w.name AS warehouse, c.name AS category, c.unit,
    m.direction, m.quantity, m.reason, m.order_id
FROM stock_movements AS m
JOIN warehouses AS w ON w.id = m.warehouse_id
JOIN supply_categories AS c ON c.code = m.category_code
WHERE ($township::VARCHAR IS NULL OR w.township_code = $township::VARCHAR)
  AND ($warehouse::VARCHAR IS NULL OR w.id = $warehouse::VARCHAR)
  AND ($category::VARCHAR IS NULL OR c.code = $category::VARCHAR)
ORDER BY m.moved_at DESC, m.id
LIMIT $limit
