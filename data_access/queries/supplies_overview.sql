-- Headline figures of the supply system (seed 二(三)): warehouses by level, categories, items, shortfalls.
-- Grain: one row. Parameters: none.
-- Columns: warehouses, county_warehouses, township_warehouses, townships_covered, categories, items,
--          stock_rows, rows_below_min, warehouses_below_min
SELECT w.*, c.categories, s.*
FROM (
    SELECT count(*) AS warehouses,
           count(*) FILTER (WHERE level = 'county') AS county_warehouses,
           count(*) FILTER (WHERE level = 'township') AS township_warehouses,
           count(DISTINCT township_code) FILTER (WHERE level = 'township') AS townships_covered
    FROM warehouses
) AS w,
(SELECT count(*) AS categories FROM supply_categories) AS c,
(
    SELECT coalesce(sum(quantity), 0) AS items, count(*) AS stock_rows,
           count(*) FILTER (WHERE quantity < min_quantity) AS rows_below_min,
           count(DISTINCT warehouse_id) FILTER (WHERE quantity < min_quantity) AS warehouses_below_min
    FROM stock
) AS s
