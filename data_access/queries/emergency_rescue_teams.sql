-- Rescue teams with their current status and position.
-- Grain: one row per team. Parameters: $township (VARCHAR or NULL = county).
-- Columns: id, name, kind, members, equipment, township, lon, lat, status, leader, phone, updated_at
SELECT r.id, r.name, r.kind, r.members, r.equipment, t.name AS township, r.lon, r.lat, r.status, r.leader, r.phone,
       r.updated_at
FROM rescue_teams AS r
LEFT JOIN townships AS t ON t.code = r.township_code
WHERE $township IS NULL OR r.township_code = $township
ORDER BY r.id
