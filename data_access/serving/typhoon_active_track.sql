-- The track of the typhoon that is active at the upstream clock.
-- Grain, columns: as queries/emergency_typhoon_track.sql. Parameters: none.
WITH now_ AS (SELECT coalesce(max(scenario_time), now()::TIMESTAMP) AS t FROM scenario_clock),
active AS (
    SELECT typhoon_id FROM typhoon_track, now_
    WHERE NOT is_forecast AND observed_at <= now_.t
    GROUP BY typhoon_id, now_.t
    HAVING max(observed_at) >= now_.t - INTERVAL 24 HOUR
    ORDER BY max(observed_at) DESC LIMIT 1
)
SELECT k.typhoon_id, k.name, k.observed_at, k.is_forecast, k.lat, k.lon, k.max_wind_ms, k.pressure_hpa,
       k.r7_km, k.r10_km, now_.t AS clock
FROM typhoon_track AS k JOIN active USING (typhoon_id), now_
WHERE k.is_forecast OR k.observed_at <= now_.t
ORDER BY k.is_forecast, k.observed_at
