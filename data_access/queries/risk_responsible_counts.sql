-- Grass-roots responsible persons by role (地质灾害巡查员 / 山塘水库巡查员 / 山洪灾害预警员).
-- Grain: one row per role. Parameters: $township (VARCHAR or NULL = county).
-- Columns: role, persons
SELECT role, count(*) AS persons
FROM responsible_persons
WHERE $township::VARCHAR IS NULL OR township_code = $township::VARCHAR
GROUP BY role
ORDER BY role
