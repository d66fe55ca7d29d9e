-- Village-kit coverage per township: villages, villages with every kit item, villages lacking any
-- (serving table kit_township_counts).
-- Grain: one row per township. Parameters: none.
-- Columns: township_code, township, villages, villages_complete, villages_lacking, phones, pumps, generators, small_sets
SELECT * FROM kit_township_counts
ORDER BY township_code
