-- Villages that lack a kit item (quantity below required), optionally in one township.
-- Grain: one row per (village, item) short. Parameters: $township (or NULL).
-- Columns: village_code, village, township, item, quantity, required, missing, lon, lat
SELECT
    v.code AS village_code, v.name AS village, t.name AS township, k.item,
    k.quantity, k.required, k.required - k.quantity AS missing, v.lon, v.lat
FROM village_kits AS k
JOIN villages AS v ON v.code = k.village_code
JOIN townships AS t ON t.code = v.township_code
WHERE k.quantity < k.required
  AND ($township::VARCHAR IS NULL OR v.township_code = $township::VARCHAR)
ORDER BY t.code, v.code, k.item
