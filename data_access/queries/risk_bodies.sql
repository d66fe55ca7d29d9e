-- Important hazard-bearing bodies with the live hazard at each: the inputs of the 三高一低 model (serving table
-- body_hazard_inputs, with risk_model's radii).
-- Grain: one row per body (bodies), optionally in one township.
-- Parameters: $township (VARCHAR code or NULL = county).
-- Columns: id, name, kind, risk_list, township_code, township, village, lon, lat, asset_value_wan,
--   vulnerability, occupants, fortification, gauge, rain_1h_mm, rain_24h_mm, reservoir, reservoir_over_m,
--   alarm_level, alarms_near, typhoon_km, typhoon_wind_ms
SELECT * FROM body_hazard_inputs
WHERE $township::VARCHAR IS NULL OR township_code = $township::VARCHAR
ORDER BY id
