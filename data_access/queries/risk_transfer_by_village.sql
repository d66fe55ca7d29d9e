-- 一个码 per village, optionally in one township: 应转 (ordered), 已转 (moved), 在安置 (sheltered now) (serving table transfer_village_counts).
-- Grain: one row per village with people in risk zones. Parameters: $township (VARCHAR or NULL = county).
-- Columns: township_code, township, village_code, village, in_zones, ordered, transferred, sheltered
SELECT * FROM transfer_village_counts
WHERE $township::VARCHAR IS NULL OR township_code = $township::VARCHAR
ORDER BY ordered DESC, in_zones DESC, village_code
