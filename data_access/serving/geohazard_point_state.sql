-- The geohazard points with their largest current displacement reading and their alarm state, county-wide.
-- Grain: as queries/emergency_geohazard_points.sql. Parameters: none.
-- Columns: the columns of queries/emergency_geohazard_points.sql, then township_code
WITH disp AS (
    SELECT p.object_id, max(s.value) AS displacement_mm, min(p.threshold) AS threshold_mm, max(s.observed_at) AS observed_at
    FROM probes AS p JOIN probe_state AS s ON s.probe_id = p.id
    WHERE p.kind = 'displacement' AND p.object_type = 'geohazard_point'
    GROUP BY p.object_id
),
al AS (
    SELECT object_id, arg_max(level, updated_at) AS alarm_level, min(started_at) AS alarm_since
    FROM alarms WHERE status = 'active' AND object_type = 'geohazard_point' GROUP BY object_id
)
SELECT g.id, g.name, g.kind, t.name AS township, g.lon, g.lat, g.threatened_people,
       d.displacement_mm, d.threshold_mm, coalesce(d.observed_at, g.updated_at) AS observed_at,
       al.alarm_level, al.alarm_since, g.township_code
FROM geohazard_points AS g
LEFT JOIN townships AS t ON t.code = g.township_code
LEFT JOIN disp AS d ON d.object_id = g.id
LEFT JOIN al ON al.object_id = g.id
ORDER BY g.id
