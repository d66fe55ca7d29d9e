-- The 18 township-level divisions, for the selectors.
-- Grain: one row per township. Parameters: none.
-- Columns: code, name, lon, lat
SELECT code, name, lon, lat FROM townships ORDER BY code
