-- The county's rescue teams with their station and state (personal data: leader, phone).
-- Grain: one row per team. Parameters: none.
-- Columns: id, name, kind, members, equipment, township_code, township, status, leader, phone
SELECT r.id, r.name, r.kind, r.members, r.equipment, r.township_code, t.name AS township, r.status, r.leader, r.phone
FROM rescue_teams AS r
LEFT JOIN townships AS t ON t.code = r.township_code
ORDER BY r.id
