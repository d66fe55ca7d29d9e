-- The seed's registry figures for 智慧应急, counted from the warehouse (county-wide).
-- Grain: one row. Parameters: none.
-- Columns: probes, geohazard_points, risk_zones, reservoirs, flash_flood_villages
SELECT
    (SELECT count(*) FROM probes) AS probes,
    (SELECT count(*) FROM geohazard_points) AS geohazard_points,
    (SELECT count(*) FROM risk_zones) AS risk_zones,
    (SELECT count(*) FROM reservoirs) AS reservoirs,
    (SELECT count(*) FROM villages WHERE flash_flood_key) AS flash_flood_villages
