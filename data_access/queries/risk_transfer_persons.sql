-- Persons of the 一个码 transfer list, latest change first (personal data: mask for viewers).
-- Grain: one row per person ordered to move (status other than 未转移). Parameters: $township (VARCHAR or NULL),
--   $limit (INTEGER).
-- Columns: id, name, phone, id_number, township, village, echelon, status, shelter, transferred_at, updated_at
SELECT p.id, p.name, p.phone, p.id_number, t.name AS township, v.name AS village, p.echelon, p.status,
       s.name AS shelter, p.transferred_at, p.updated_at
FROM transfer_persons AS p
LEFT JOIN townships AS t ON t.code = p.township_code
LEFT JOIN villages AS v ON v.code = p.village_code
LEFT JOIN shelters AS s ON s.id = p.shelter_id
WHERE p.status <> '未转移' AND ($township::VARCHAR IS NULL OR p.township_code = $township::VARCHAR)
ORDER BY p.updated_at DESC, p.id
LIMIT $limit
