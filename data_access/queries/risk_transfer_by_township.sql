-- 一个码 per township: people in risk zones, 应转 (ordered), 已转 (moved), 在安置 (sheltered now), first echelon.
-- Grain: one row per township that has people in risk zones. Parameters: none.
-- Columns: township_code, township, in_zones, ordered, transferred, sheltered, first_total, first_done
SELECT p.township_code, t.name AS township,
       count(*) AS in_zones,
       count(*) FILTER (WHERE p.status <> '未转移') AS ordered,
       count(p.transferred_at) AS transferred,
       count(*) FILTER (WHERE p.status = '在安置') AS sheltered,
       count(*) FILTER (WHERE p.echelon = 1) AS first_total,
       count(p.transferred_at) FILTER (WHERE p.echelon = 1) AS first_done
FROM transfer_persons AS p
LEFT JOIN townships AS t ON t.code = p.township_code
GROUP BY p.township_code, t.name
ORDER BY ordered DESC, in_zones DESC, p.township_code
