-- The 18 township-level divisions, for filters and labels.
-- Grain: one row per township. Parameters: none. Columns: code, name, lon, lat
SELECT code, name, lon, lat FROM townships ORDER BY code
