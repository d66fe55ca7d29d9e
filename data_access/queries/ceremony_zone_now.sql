-- The latest e-fence count of every venue zone at or before $at, with the zone's shape and density.
-- Grain: one row per e-fence zone (zones never counted have NULL counts). Parameters: $at (TIMESTAMP, Beijing time).
-- Columns: zone_id, name, is_main, lon, lat, polygon (JSON [[lon, lat], ...]), usable_area_m2, observed_at,
--          headcount (人), inflow (人/分钟), outflow (人/分钟), density (人/m², headcount / usable area)
WITH latest AS (
    SELECT zone_id, max(observed_at) AS observed_at
    FROM efence_counts
    WHERE observed_at <= $at
    GROUP BY zone_id
)
SELECT z.id AS zone_id, z.name, z.is_main, z.lon, z.lat, z.polygon, z.usable_area_m2,
       c.observed_at, c.headcount, c.inflow, c.outflow,
       c.headcount / nullif(z.usable_area_m2, 0) AS density
FROM efence_zones AS z
LEFT JOIN latest AS l ON l.zone_id = z.id
LEFT JOIN efence_counts AS c ON c.zone_id = l.zone_id AND c.observed_at = l.observed_at
ORDER BY z.is_main DESC, z.id
