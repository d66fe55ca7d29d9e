-- Grass-roots responsible persons of one township (personal data: mask for viewers).
-- Grain: one row per person. Parameters: $township (VARCHAR or NULL = county), $limit (INTEGER).
-- Columns: id, name, phone, role, village
SELECT p.id, p.name, p.phone, p.role, v.name AS village
FROM responsible_persons AS p
LEFT JOIN villages AS v ON v.code = p.village_code
WHERE $township::VARCHAR IS NULL OR p.township_code = $township::VARCHAR
ORDER BY p.role, p.village_code, p.id
LIMIT $limit
