-- Risk prevention zones with the live hazard inputs their current risk is graded from, county-wide.
-- Grain: one row per zone. Parameters: none.
-- Columns: the columns of queries/emergency_risk_zones.sql, then township_code
WITH al AS (
    SELECT object_type, object_id,
           max(CASE level WHEN '蓝' THEN 1 WHEN '黄' THEN 2 WHEN '橙' THEN 3 WHEN '红' THEN 4 ELSE 0 END) AS rnk
    FROM alarms WHERE status = 'active' GROUP BY object_type, object_id
),
rain AS (  -- the newest reading per gauge, kept by the weather loader
    SELECT probe_id, rain_24h_mm, observed_at FROM rainfall_latest
),
gauge AS (
    SELECT p.township_code, p.object_id AS village_code, rain.rain_24h_mm, rain.observed_at
    FROM rain JOIN probes AS p ON p.id = rain.probe_id
),
by_village AS (SELECT village_code, max(rain_24h_mm) AS mm, max(observed_at) AS at FROM gauge GROUP BY village_code),
by_town AS (SELECT township_code, max(rain_24h_mm) AS mm, max(observed_at) AS at FROM gauge GROUP BY township_code)
SELECT z.id, z.name, z.kind, t.name AS township, v.name AS village, z.lon, z.lat, z.polygon, z.people, z.households,
       greatest(coalesce(az.rnk, 0), coalesce(av.rnk, 0)) AS alarm_rank,
       coalesce(bv.mm, bt.mm) AS rain_24h_mm,
       coalesce(bv.at, bt.at, z.updated_at) AS observed_at, z.township_code
FROM risk_zones AS z
LEFT JOIN townships AS t ON t.code = z.township_code
LEFT JOIN villages AS v ON v.code = z.village_code
LEFT JOIN al AS az ON az.object_type = 'zone' AND az.object_id = z.id
LEFT JOIN al AS av ON av.object_type = 'village' AND av.object_id = z.village_code
LEFT JOIN by_village AS bv ON bv.village_code = z.village_code
LEFT JOIN by_town AS bt ON bt.township_code = z.township_code
ORDER BY z.id
