-- 一个码 per village, county-wide.
-- Grain: as queries/risk_transfer_by_village.sql. Parameters: none.
-- Columns: as queries/risk_transfer_by_village.sql
SELECT p.township_code, t.name AS township, p.village_code, v.name AS village,
       count(*) AS in_zones,
       count(*) FILTER (WHERE p.status <> '未转移') AS ordered,
       count(p.transferred_at) AS transferred,
       count(*) FILTER (WHERE p.status = '在安置') AS sheltered
FROM transfer_persons AS p
LEFT JOIN townships AS t ON t.code = p.township_code
LEFT JOIN villages AS v ON v.code = p.village_code
GROUP BY ALL
ORDER BY ordered DESC, in_zones DESC, p.village_code
