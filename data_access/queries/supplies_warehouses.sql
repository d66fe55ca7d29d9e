-- Warehouses with what they hold, optionally in one township.
-- Grain: one row per warehouse. Parameters: $township (VARCHAR code or NULL for all).
-- Columns: id, name, level, township_code, township, lon, lat, categories, items, rows_below_min
SELECT
    w.id, w.name, w.level, w.township_code, t.name AS township, w.lon, w.lat,
    count(s.category_code) AS categories,
    coalesce(sum(s.quantity), 0) AS items,
    count(*) FILTER (WHERE s.quantity < s.min_quantity) AS rows_below_min
FROM warehouses AS w
LEFT JOIN townships AS t ON t.code = w.township_code
LEFT JOIN stock AS s ON s.warehouse_id = w.id
WHERE $township::VARCHAR IS NULL OR w.township_code = $township::VARCHAR
GROUP BY ALL
ORDER BY w.level, w.id
