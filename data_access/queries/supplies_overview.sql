-- Headline figures of the supply system (seed 二(三)): warehouses by level, categories, items, shortfalls.
-- Grain: one row. Parameters: none.
-- Columns: warehouses, county_warehouses, township_warehouses, townships_covered, categories, items,
--          stock_rows, rows_below_min, warehouses_below_min
SELECT
    (SELECT count(*) FROM warehouses) AS warehouses,
    (SELECT count(*) FROM warehouses WHERE level = 'county') AS county_warehouses,
    (SELECT count(*) FROM warehouses WHERE level = 'township') AS township_warehouses,
    (SELECT count(DISTINCT township_code) FROM warehouses WHERE level = 'township') AS townships_covered,
    (SELECT count(*) FROM supply_categories) AS categories,
    (SELECT coalesce(sum(quantity), 0) FROM stock) AS items,
    (SELECT count(*) FROM stock) AS stock_rows,
    (SELECT count(*) FROM stock WHERE quantity < min_quantity) AS rows_below_min,
    (SELECT count(DISTINCT warehouse_id) FROM stock WHERE quantity < min_quantity) AS warehouses_below_min
