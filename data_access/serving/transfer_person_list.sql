-- Persons of the 一个码 transfer list ordered to move, county-wide.
-- Grain: as queries/risk_transfer_persons.sql. Parameters: none.
-- Columns: the columns of queries/risk_transfer_persons.sql, then township_code
SELECT p.id, p.name, p.phone, p.id_number, t.name AS township, v.name AS village, p.echelon, p.status,
       s.name AS shelter, p.transferred_at, p.updated_at, p.township_code
FROM transfer_persons AS p
LEFT JOIN townships AS t ON t.code = p.township_code
LEFT JOIN villages AS v ON v.code = p.village_code
LEFT JOIN shelters AS s ON s.id = p.shelter_id
WHERE p.status <> '未转移'
ORDER BY p.updated_at DESC, p.id
