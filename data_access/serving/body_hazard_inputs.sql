-- Important hazard-bearing bodies with the live hazard at each (the inputs of the 三高一低 model), county-wide.
-- Grain: one row per body. Parameters: $reservoir_km (DOUBLE: nearest reservoir within), $alarm_km (DOUBLE:
--   active alarms within), both bound from risk_model at publish.
-- Columns: as queries/risk_bodies.sql.
-- Distances use an equirectangular approximation (km), exact enough within one county.
WITH b AS (
    SELECT * FROM bodies
),
rain AS (  -- the nearest of each body's 3 nearest gauges (body_sites) that has reported (rainfall_latest)
    SELECT s.body_id AS id, arg_min(p.name, s.km) AS gauge,
           arg_min(r.rain_1h_mm, s.km) AS rain_1h_mm, arg_min(r.rain_24h_mm, s.km) AS rain_24h_mm
    FROM b JOIN body_sites AS s ON s.body_id = b.id AND s.site_kind = 'gauge'
    JOIN rainfall_latest AS r ON r.probe_id = s.site_id
    JOIN probes AS p ON p.id = s.site_id
    GROUP BY s.body_id
),
near_res AS (  -- the nearest reservoir within $reservoir_km that has a level (reservoir_latest)
    SELECT s.body_id AS id, arg_min(r.name, s.km) AS reservoir,
           arg_min(l.level_m - r.flood_limit_level_m, s.km) AS over_m
    FROM b JOIN body_sites AS s ON s.body_id = b.id AND s.site_kind = 'reservoir' AND s.km <= $reservoir_km
    JOIN reservoirs AS r ON r.id = s.site_id
    JOIN reservoir_latest AS l ON l.reservoir_id = r.id
    GROUP BY s.body_id
),
near_alarm AS (
    SELECT b.id, count(*) AS alarms_near,
           CASE max(CASE a.level WHEN '红' THEN 4 WHEN '橙' THEN 3 WHEN '黄' THEN 2 ELSE 1 END)
               WHEN 4 THEN '红' WHEN 3 THEN '橙' WHEN 2 THEN '黄' ELSE '蓝' END AS alarm_level
    FROM b JOIN alarms AS a
      ON a.status = 'active' AND a.kind IN ('displacement', 'geohazard', 'flash_flood')
     AND 111.32 * sqrt((b.lon - a.lon) ^ 2 * 0.77 + (b.lat - a.lat) ^ 2) <= $alarm_km
    GROUP BY b.id
),
typhoon AS (
    SELECT arg_max(lon, observed_at) AS lon, arg_max(lat, observed_at) AS lat,
           arg_max(max_wind_ms, observed_at) AS wind
    FROM typhoon_track WHERE NOT is_forecast
    HAVING count(*) > 0
)
SELECT b.id, b.name, b.kind, b.risk_list, b.township_code, t.name AS township, v.name AS village, b.lon, b.lat,
       b.asset_value_wan, b.vulnerability, b.occupants, b.fortification,
       rain.gauge, rain.rain_1h_mm, rain.rain_24h_mm, near_res.reservoir, near_res.over_m AS reservoir_over_m,
       near_alarm.alarm_level, coalesce(near_alarm.alarms_near, 0) AS alarms_near,
       111.32 * sqrt((b.lon - ty.lon) ^ 2 * cos(radians(b.lat)) ^ 2 + (b.lat - ty.lat) ^ 2) AS typhoon_km,
       ty.wind AS typhoon_wind_ms
FROM b
LEFT JOIN townships AS t ON t.code = b.township_code
LEFT JOIN villages AS v ON v.code = b.village_code
LEFT JOIN rain ON rain.id = b.id
LEFT JOIN near_res ON near_res.id = b.id
LEFT JOIN near_alarm ON near_alarm.id = b.id
LEFT JOIN typhoon AS ty ON true
ORDER BY b.id
