-- The 智慧应急 KPI figures per township and for the whole county (township_code NULL), at the upstream clock.
-- Grain: one row per township plus one county row. Parameters: none.
-- Columns: township_code, probes, probes_online (reporting: online or alarm), probes_offline, probes_alarm,
--          active_alarms, reservoirs_over_limit, geohazard_alarms (active displacement or zone-geohazard alarms),
--          villages_warning (flash-flood villages with an active rain-triggered alarm),
--          response_level (4..1, NULL when none is in force; always county-wide), response_since, response_reason
WITH towns AS (
    SELECT code AS township_code FROM townships UNION ALL SELECT NULL
),
ps AS (
    SELECT p.township_code,
           count(*) AS probes,
           count(*) FILTER (WHERE coalesce(s.status, 'offline') <> 'offline') AS probes_online,
           count(*) FILTER (WHERE coalesce(s.status, 'offline') = 'offline') AS probes_offline,
           count(*) FILTER (WHERE s.status = 'alarm') AS probes_alarm
    FROM probes AS p LEFT JOIN probe_state AS s ON s.probe_id = p.id
    GROUP BY GROUPING SETS ((p.township_code), ())
),
act AS (
    SELECT township_code, count(*) AS active_alarms,
           count(*) FILTER (WHERE kind IN ('displacement', 'geohazard')) AS geohazard_alarms,
           count(DISTINCT object_id) FILTER (WHERE kind = 'flash_flood') AS villages_warning
    FROM alarms WHERE status = 'active'
    GROUP BY GROUPING SETS ((township_code), ())
),
res AS (
    SELECT r.township_code, count(*) FILTER (WHERE l.level_m > r.flood_limit_level_m) AS reservoirs_over_limit
    FROM reservoirs AS r
    JOIN reservoir_latest AS l ON l.reservoir_id = r.id  -- the newest reading, kept by the hydro loader
    GROUP BY GROUPING SETS ((r.township_code), ())
),
resp AS (
    SELECT level AS response_level, started_at AS response_since, reason AS response_reason
    FROM response_levels, (SELECT coalesce(max(scenario_time), now()::TIMESTAMP) AS t FROM scenario_clock) AS now_
    WHERE started_at <= now_.t AND (ended_at IS NULL OR ended_at > now_.t)
    ORDER BY level ASC, started_at DESC LIMIT 1
)
SELECT towns.township_code,
       coalesce(ps.probes, 0) AS probes, coalesce(ps.probes_online, 0) AS probes_online,
       coalesce(ps.probes_offline, 0) AS probes_offline, coalesce(ps.probes_alarm, 0) AS probes_alarm,
       coalesce(act.active_alarms, 0) AS active_alarms, coalesce(res.reservoirs_over_limit, 0) AS reservoirs_over_limit,
       coalesce(act.geohazard_alarms, 0) AS geohazard_alarms, coalesce(act.villages_warning, 0) AS villages_warning,
       resp.response_level, resp.response_since, resp.response_reason
FROM towns
LEFT JOIN ps ON ps.township_code IS NOT DISTINCT FROM towns.township_code
LEFT JOIN act ON act.township_code IS NOT DISTINCT FROM towns.township_code
LEFT JOIN res ON res.township_code IS NOT DISTINCT FROM towns.township_code
LEFT JOIN resp ON TRUE
