-- The upstream clock at the last load (scenario time in a replay), Beijing time.
-- Grain: one row. Parameters: none. Columns: scenario, scenario_time, observed_at (UTC)
SELECT scenario, scenario_time, observed_at FROM scenario_clock WHERE id = 1
