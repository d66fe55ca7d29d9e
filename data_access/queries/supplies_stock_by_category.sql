-- Stock per category against its minimum levels, in a township and/or one warehouse (NULL: all).
-- Grain: one row per category held. Parameters: $township, $warehouse (VARCHAR or NULL).
-- Columns: code, name, unit, kind, quantity, min_quantity, warehouses, warehouses_below_min
SELECT
    c.code, c.name, c.unit, c.kind,
    sum(s.quantity) AS quantity, sum(s.min_quantity) AS min_quantity,
    count(*) AS warehouses,
    count(*) FILTER (WHERE s.quantity < s.min_quantity) AS warehouses_below_min
FROM stock AS s
JOIN supply_categories AS c ON c.code = s.category_code
JOIN warehouses AS w ON w.id = s.warehouse_id
WHERE ($township::VARCHAR IS NULL OR w.township_code = $township::VARCHAR)
  AND ($warehouse::VARCHAR IS NULL OR w.id = $warehouse::VARCHAR)
GROUP BY ALL
ORDER BY c.code
