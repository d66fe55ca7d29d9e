-- Individual probes of one township with their latest state (township zoom).
-- Grain: one row per probe. Parameters: $township (VARCHAR township code).
-- Columns: id, name, kind, lon, lat, object_type, object_id, unit, threshold, stream_url, status, value, observed_at
SELECT p.id, p.name, p.kind, p.lon, p.lat, p.object_type, p.object_id, p.unit, p.threshold, p.stream_url,
       coalesce(s.status, 'offline') AS status, s.value, s.observed_at
FROM probes AS p
LEFT JOIN probe_state AS s ON s.probe_id = p.id
WHERE p.township_code = $township
ORDER BY p.id
