-- Village kits (三大件: 卫星电话 抽水泵 应急发电机; 四小件 sets) county-wide or in one township.
-- Grain: one row per kit item. Parameters: $township (or NULL).
-- Columns: item, quantity, required, villages, villages_covered, villages_lacking
SELECT
    k.item, sum(k.quantity) AS quantity, sum(k.required) AS required,
    count(*) AS villages,
    count(*) FILTER (WHERE k.quantity >= k.required AND k.quantity > 0) AS villages_covered,
    count(*) FILTER (WHERE k.quantity < k.required OR k.quantity = 0) AS villages_lacking
FROM village_kits AS k
JOIN villages AS v ON v.code = k.village_code
WHERE $township::VARCHAR IS NULL OR v.township_code = $township::VARCHAR
GROUP BY k.item
ORDER BY CASE k.item WHEN '卫星电话' THEN 1 WHEN '抽水泵' THEN 2 WHEN '应急发电机' THEN 3 ELSE 4 END
