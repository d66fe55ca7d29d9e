-- Stock rows below their minimum level (缺口 = min_quantity - quantity), worst first.
-- Grain: one row per (warehouse, category) below its minimum. Parameters: $township, $warehouse, $category (or NULL).
-- Columns: warehouse_id, warehouse, township, category_code, category, unit, quantity, min_quantity, shortfall, fill_ratio
SELECT
    w.id AS warehouse_id, w.name AS warehouse, t.name AS township,
    c.code AS category_code, c.name AS category, c.unit,
    s.quantity, s.min_quantity, s.min_quantity - s.quantity AS shortfall,
    s.quantity / s.min_quantity AS fill_ratio
FROM stock AS s
JOIN warehouses AS w ON w.id = s.warehouse_id
JOIN supply_categories AS c ON c.code = s.category_code
LEFT JOIN townships AS t ON t.code = w.township_code
WHERE s.quantity < s.min_quantity
  AND ($township::VARCHAR IS NULL OR w.township_code = $township::VARCHAR)
  AND ($warehouse::VARCHAR IS NULL OR w.id = $warehouse::VARCHAR)
  AND ($category::VARCHAR IS NULL OR c.code = $category::VARCHAR)
ORDER BY fill_ratio, shortfall DESC
