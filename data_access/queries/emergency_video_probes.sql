-- Video probes to draw: every one of a township, or county-wide only those watching an object in active alarm.
-- Grain: one row per video probe. Parameters: $township (VARCHAR or NULL = county, alarmed objects only).
-- Columns: id, name, lon, lat, object_type, object_id, stream_url, status, observed_at, alarmed (BOOLEAN)
WITH hot AS (SELECT DISTINCT object_type, object_id FROM alarms WHERE status = 'active')
SELECT p.id, p.name, p.lon, p.lat, p.object_type, p.object_id, p.stream_url,
       coalesce(s.status, 'offline') AS status, s.observed_at, hot.object_id IS NOT NULL AS alarmed
FROM probes AS p
LEFT JOIN probe_state AS s ON s.probe_id = p.id
LEFT JOIN hot ON hot.object_type = p.object_type AND hot.object_id = p.object_id
WHERE p.kind = 'video'
  AND (($township IS NULL AND hot.object_id IS NOT NULL) OR p.township_code = $township)
ORDER BY p.id
