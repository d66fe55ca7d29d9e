-- 一个码 per township.
-- Grain, columns: as queries/risk_transfer_by_township.sql. Parameters: none.
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
