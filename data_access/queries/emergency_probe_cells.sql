-- Probes aggregated on a square grid (county zoom), so the browser gets hundreds of cells, not 10,396 points
-- (serving table probe_grid_cells, cells of emergency.PROBE_CELL_DEG).
-- Grain: one row per grid cell that holds a probe. Parameters: none.
-- Columns: lon, lat (mean position of the cell's probes), probes, online, offline, alarm, video, observed_at (newest reading)
SELECT * FROM probe_grid_cells ORDER BY alarm DESC, probes DESC
