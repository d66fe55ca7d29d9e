-- Risk prevention zones with the live hazard inputs their current risk is graded from (serving table
-- zone_risk_inputs).
-- Grain: one row per zone. Parameters: $township (VARCHAR or NULL = county).
-- Columns: id, name, kind, township, village, lon, lat, polygon (JSON ring text), people, households,
--          alarm_rank (0 none, 1..4 = 蓝黄橙红: the worst active alarm on the zone or its village),
--          rain_24h_mm (the wettest gauge of its village, else of its township), observed_at
SELECT * EXCLUDE (township_code) FROM zone_risk_inputs
WHERE $township::VARCHAR IS NULL OR township_code = $township::VARCHAR
ORDER BY id
