-- Warehouses with what they hold, county-wide.
-- Grain, columns: as queries/supplies_warehouses.sql. Parameters: none.
SELECT
    w.id, w.name, w.level, w.township_code, t.name AS township, w.lon, w.lat,
    count(s.category_code) AS categories,
    coalesce(sum(s.quantity), 0) AS items,
    count(*) FILTER (WHERE s.quantity < s.min_quantity) AS rows_below_min
FROM warehouses AS w
LEFT JOIN townships AS t ON t.code = w.township_code
LEFT JOIN stock AS s ON s.warehouse_id = w.id
GROUP BY ALL
ORDER BY w.level, w.id
