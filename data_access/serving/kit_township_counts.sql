-- Village-kit coverage per township.
-- Grain, columns: as queries/supplies_kit_by_township.sql. Parameters: none.
WITH per_village AS (
    SELECT k.village_code, bool_and(k.quantity >= k.required AND k.quantity > 0) AS complete,
           sum(k.quantity) FILTER (WHERE k.item = '卫星电话') AS phones,
           sum(k.quantity) FILTER (WHERE k.item = '抽水泵') AS pumps,
           sum(k.quantity) FILTER (WHERE k.item = '应急发电机') AS generators,
           sum(k.quantity) FILTER (WHERE k.item = '四小件') AS small_sets
    FROM village_kits AS k GROUP BY k.village_code
)
SELECT
    t.code AS township_code, t.name AS township, count(*) AS villages,
    count(*) FILTER (WHERE p.complete) AS villages_complete,
    count(*) FILTER (WHERE NOT p.complete) AS villages_lacking,
    coalesce(sum(p.phones), 0) AS phones, coalesce(sum(p.pumps), 0) AS pumps,
    coalesce(sum(p.generators), 0) AS generators, coalesce(sum(p.small_sets), 0) AS small_sets
FROM per_village AS p
JOIN villages AS v ON v.code = p.village_code
JOIN townships AS t ON t.code = v.township_code
GROUP BY ALL
ORDER BY t.code
