-- Every alarm episode with the name of the place it is about, county-wide.
-- Grain: one row per alarm episode. Parameters: none.
-- Columns: the columns of queries/emergency_alarms.sql, then township_code
SELECT
    a.id, a.started_at, a.updated_at, a.cleared_at, t.name AS township,
    coalesce(v.name, r.name, g.name, z.name, p.name, a.object_id) AS place,
    a.kind, a.object_type, a.object_id, a.value, a.threshold, a.unit, a.level, a.status, a.lon, a.lat, a.township_code
FROM alarms AS a
LEFT JOIN townships AS t ON t.code = a.township_code
LEFT JOIN villages AS v ON a.object_type = 'village' AND v.code = a.object_id
LEFT JOIN reservoirs AS r ON a.object_type = 'reservoir' AND r.id = a.object_id
LEFT JOIN geohazard_points AS g ON a.object_type = 'geohazard_point' AND g.id = a.object_id
LEFT JOIN risk_zones AS z ON a.object_type = 'zone' AND z.id = a.object_id
LEFT JOIN probes AS p ON a.object_type = 'probe' AND p.id = a.object_id
ORDER BY a.started_at DESC, a.updated_at DESC, a.id
