-- Reservoirs with their latest water level against the flood-limit level (reservoir_latest, kept by the hydro loader).
-- Grain: one row per reservoir. Parameters: $township (VARCHAR or NULL = county).
-- Columns: id, name, scale, township, lon, lat, capacity_10k_m3, flood_limit_level_m, normal_level_m, crest_level_m,
--          level_m, storage_10k_m3, inflow_m3s, outflow_m3s, over_limit_m (level - flood limit), observed_at
SELECT r.id, r.name, r.scale, t.name AS township, r.lon, r.lat, r.capacity_10k_m3, r.flood_limit_level_m,
       r.normal_level_m, r.crest_level_m, l.level_m, l.storage_10k_m3, l.inflow_m3s, l.outflow_m3s,
       l.level_m - r.flood_limit_level_m AS over_limit_m, l.observed_at
FROM reservoirs AS r
LEFT JOIN townships AS t ON t.code = r.township_code
LEFT JOIN reservoir_latest AS l ON l.reservoir_id = r.id
WHERE $township IS NULL OR r.township_code = $township
ORDER BY over_limit_m DESC NULLS LAST, r.id
