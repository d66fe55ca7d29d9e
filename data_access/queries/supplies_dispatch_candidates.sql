-- Where a category can be dispatched from: stock, minimum level and what undelivered orders already took.
-- Grain: one row per warehouse holding the category. Parameters: $category (VARCHAR code).
-- Columns: warehouse_id, warehouse, level, lon, lat, quantity, min_quantity, committed, unit
SELECT
    w.id AS warehouse_id, w.name AS warehouse, w.level, w.lon, w.lat,
    s.quantity, s.min_quantity,
    coalesce((SELECT sum(o.quantity) FROM dispatch_orders AS o
              WHERE o.from_warehouse_id = w.id AND o.category_code = s.category_code
                AND o.status <> 'delivered'), 0) AS committed,
    c.unit
FROM stock AS s
JOIN warehouses AS w ON w.id = s.warehouse_id
JOIN supply_categories AS c ON c.code = s.category_code
WHERE s.category_code = $category
ORDER BY w.id
