-- The 智慧应急 KPI figures for the county or one township, at the upstream clock (serving table emergency_kpi_rows).
-- Grain: one row. Parameters: $township (VARCHAR township code, or NULL for the whole county).
-- Columns: probes, probes_online (reporting: online or alarm), probes_offline, probes_alarm,
--          active_alarms, reservoirs_over_limit, geohazard_alarms (active displacement or zone-geohazard alarms),
--          villages_warning (flash-flood villages with an active rain-triggered alarm),
--          response_level (4..1, NULL when none is in force; always county-wide), response_since, response_reason
SELECT * EXCLUDE (township_code) FROM emergency_kpi_rows WHERE township_code IS NOT DISTINCT FROM $township::VARCHAR
