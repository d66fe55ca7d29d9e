-- The newest stock movements with their warehouse and category, so the movement board does not sort the whole
-- table on every refresh (seed scale: 90k movements a month).
-- Grain: one row per movement, the newest $recent_movements (bound from supplies.RECENT_MOVEMENTS).
-- Columns: the columns of queries/supplies_movements_all.sql, then township_code, category_code
SELECT
    m.id, m.moved_at, w.id AS warehouse_id, w.name AS warehouse, c.name AS category, c.unit,
    m.direction, m.quantity, m.reason, m.order_id, w.township_code, c.code AS category_code
FROM stock_movements AS m
JOIN warehouses AS w ON w.id = m.warehouse_id
JOIN supply_categories AS c ON c.code = m.category_code
ORDER BY m.moved_at DESC, m.id
LIMIT $recent_movements
