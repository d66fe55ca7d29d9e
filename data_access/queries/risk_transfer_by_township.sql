-- 一个码 per township: people in risk zones, 应转 (ordered), 已转 (moved), 在安置 (sheltered now), first echelon
-- (serving table transfer_township_counts).
-- Grain: one row per township that has people in risk zones. Parameters: none.
-- Columns: township_code, township, in_zones, ordered, transferred, sheltered, first_total, first_done
SELECT * FROM transfer_township_counts
ORDER BY ordered DESC, in_zones DESC, township_code
