-- E-fence density per zone and minute in the window ($since, $until].
-- Grain: one row per zone and observed minute. Parameters: $since, $until (TIMESTAMP, Beijing time).
-- Columns: zone_id, name, is_main, observed_at, headcount (人), inflow, outflow (人/分钟), density (人/m²)
SELECT c.zone_id, z.name, z.is_main, c.observed_at, c.headcount, c.inflow, c.outflow,
       c.headcount / nullif(z.usable_area_m2, 0) AS density
FROM efence_counts AS c
JOIN efence_zones AS z ON z.id = c.zone_id
WHERE c.observed_at > $since AND c.observed_at <= $until
ORDER BY c.zone_id, c.observed_at
