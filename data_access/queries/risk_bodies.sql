-- Important hazard-bearing bodies with the live hazard at each: the inputs of the 三高一低 model.
-- Grain: one row per body (bodies), optionally in one township.
-- Parameters: $township (VARCHAR code or NULL = county), $reservoir_km (DOUBLE: nearest reservoir within),
--   $alarm_km (DOUBLE: active alarms within).
-- Columns: id, name, kind, risk_list, township_code, township, village, lon, lat, asset_value_wan,
--   vulnerability, occupants, fortification, gauge, rain_1h_mm, rain_24h_mm, reservoir, reservoir_over_m,
--   alarm_level, alarms_near, typhoon_km, typhoon_wind_ms
-- Distances use an equirectangular approximation (km), exact enough within one county.
WITH b AS (
    SELECT * FROM bodies WHERE $township::VARCHAR IS NULL OR township_code = $township::VARCHAR
),
gauges AS (  -- rainfall_latest: the newest reading per gauge, kept by the weather loader
    SELECT p.id, p.name, p.lon, p.lat, r.rain_1h_mm, r.rain_24h_mm
    FROM probes AS p JOIN rainfall_latest AS r ON r.probe_id = p.id
    WHERE p.kind = 'rain'
),
nearest AS (
    SELECT b.id, arg_min(g.id, (b.lon - g.lon) ^ 2 * 0.77 + (b.lat - g.lat) ^ 2) AS gauge_id
    FROM b CROSS JOIN gauges AS g
    GROUP BY b.id
),
rain AS (
    SELECT n.id, g.name AS gauge, g.rain_1h_mm, g.rain_24h_mm FROM nearest AS n JOIN gauges AS g ON g.id = n.gauge_id
),
levels AS (  -- reservoir_latest: the newest reading per reservoir, kept by the hydro loader
    SELECT r.id, r.name, r.lon, r.lat, l.level_m - r.flood_limit_level_m AS over_m
    FROM reservoirs AS r JOIN reservoir_latest AS l ON l.reservoir_id = r.id
),
near_res AS (
    SELECT b.id,
           arg_min(l.name, 111.32 * sqrt((b.lon - l.lon) ^ 2 * 0.77 + (b.lat - l.lat) ^ 2)) AS reservoir,
           arg_min(l.over_m, 111.32 * sqrt((b.lon - l.lon) ^ 2 * 0.77 + (b.lat - l.lat) ^ 2)) AS over_m
    FROM b JOIN levels AS l
      ON 111.32 * sqrt((b.lon - l.lon) ^ 2 * 0.77 + (b.lat - l.lat) ^ 2) <= $reservoir_km
    GROUP BY b.id
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
