-- The track of the typhoon that is active at the upstream clock: past and current positions, then the forecast (serving table typhoon_active_track).
-- Active: its newest observed (non-forecast) position is at most 24 h before the clock.
-- Grain: one row per track point. Parameters: none.
-- Columns: typhoon_id, name, observed_at, is_forecast, lat, lon, max_wind_ms, pressure_hpa, r7_km, r10_km, clock
SELECT * FROM typhoon_active_track
ORDER BY is_forecast, observed_at
