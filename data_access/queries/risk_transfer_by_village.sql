-- 一个码 per village, optionally in one township: 应转 (ordered), 已转 (moved), 在安置 (sheltered now).
-- Grain: one row per village with people in risk zones. Parameters: $township (VARCHAR or NULL = county).
-- Columns: township_code, township, village_code, village, in_zones, ordered, transferred, sheltered
SELECT p.township_code, t.name AS township, p.village_code, v.name AS village,
       count(*) AS in_zones,
       count(*) FILTER (WHERE p.status <> '未转移') AS ordered,
       count(p.transferred_at) AS transferred,
       count(*) FILTER (WHERE p.status = '在安置') AS sheltered
FROM transfer_persons AS p
LEFT JOIN townships AS t ON t.code = p.township_code
LEFT JOIN villages AS v ON v.code = p.village_code
WHERE $township::VARCHAR IS NULL OR p.township_code = $township::VARCHAR
GROUP BY ALL
ORDER BY ordered DESC, in_zones DESC, p.village_code
