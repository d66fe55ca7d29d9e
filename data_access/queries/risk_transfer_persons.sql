-- Persons of the 一个码 transfer list, latest change first (personal data: mask for viewers; serving table
-- transfer_person_list).
-- Grain: one row per person ordered to move (status other than 未转移). Parameters: $township (VARCHAR or NULL),
--   $limit (INTEGER).
-- Columns: id, name, phone, id_number, township, village, echelon, status, shelter, transferred_at, updated_at
SELECT * EXCLUDE (township_code) FROM transfer_person_list
WHERE $township::VARCHAR IS NULL OR township_code = $township::VARCHAR
ORDER BY updated_at DESC, id
LIMIT $limit
