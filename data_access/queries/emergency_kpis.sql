-- The 智慧应急 KPI figures for the county or one township, at the upstream clock (scenario time).
-- Grain: one row. Parameters: $township (VARCHAR township code, or NULL for the whole county).
-- Columns: probes, probes_online (reporting: online or alarm), probes_offline, probes_alarm,
--          active_alarms, reservoirs_over_limit, geohazard_alarms (active displacement or zone-geohazard alarms),
--          villages_warning (flash-flood villages with an active rain-triggered alarm),
--          response_level (4..1, NULL when none is in force; always county-wide), response_since, response_reason
WITH ps AS (
    SELECT count(*) AS probes,
           count(*) FILTER (WHERE coalesce(s.status, 'offline') <> 'offline') AS probes_online,
           count(*) FILTER (WHERE coalesce(s.status, 'offline') = 'offline') AS probes_offline,
           count(*) FILTER (WHERE s.status = 'alarm') AS probes_alarm
    FROM probes AS p LEFT JOIN probe_state AS s ON s.probe_id = p.id
    WHERE $township IS NULL OR p.township_code = $township
),
act AS (
    SELECT count(*) AS active_alarms,
           count(*) FILTER (WHERE kind IN ('displacement', 'geohazard')) AS geohazard_alarms,
           count(DISTINCT object_id) FILTER (WHERE kind = 'flash_flood') AS villages_warning
    FROM alarms WHERE status = 'active' AND ($township IS NULL OR township_code = $township)
),
res AS (
    SELECT count(*) FILTER (WHERE l.level_m > r.flood_limit_level_m) AS reservoirs_over_limit
    FROM reservoirs AS r
    JOIN reservoir_latest AS l ON l.reservoir_id = r.id  -- the newest reading, kept by the hydro loader
    WHERE $township IS NULL OR r.township_code = $township
),
resp AS (
    SELECT level AS response_level, started_at AS response_since, reason AS response_reason
    FROM response_levels, (SELECT coalesce(max(scenario_time), now()::TIMESTAMP) AS t FROM scenario_clock) AS now_
    WHERE started_at <= now_.t AND (ended_at IS NULL OR ended_at > now_.t)
    ORDER BY level ASC, started_at DESC LIMIT 1
)
SELECT ps.probes, ps.probes_online, ps.probes_offline, ps.probes_alarm, act.active_alarms, res.reservoirs_over_limit,
       act.geohazard_alarms, act.villages_warning, resp.response_level, resp.response_since, resp.response_reason
FROM ps CROSS JOIN act CROSS JOIN res LEFT JOIN resp ON TRUE
