-- Stock rows below their minimum level, county-wide.
-- Grain: as queries/supplies_shortfalls.sql. Parameters: none.
-- Columns: the columns of queries/supplies_shortfalls.sql, then township_code
SELECT
    w.id AS warehouse_id, w.name AS warehouse, t.name AS township,
    c.code AS category_code, c.name AS category, c.unit,
    s.quantity, s.min_quantity, s.min_quantity - s.quantity AS shortfall,
    s.quantity / s.min_quantity AS fill_ratio, w.township_code
FROM stock AS s
JOIN warehouses AS w ON w.id = s.warehouse_id
JOIN supply_categories AS c ON c.code = s.category_code
LEFT JOIN townships AS t ON t.code = w.township_code
WHERE s.quantity < s.min_quantity
ORDER BY fill_ratio, shortfall DESC
