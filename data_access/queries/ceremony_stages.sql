-- The ceremony's stages with planned and actual times (协同处置 /ceremony_stages).
-- Grain: one row per stage, in running order. Parameters: none.
-- Columns: id, seq, name, planned_start, planned_end, actual_start, actual_end (Beijing time; actual_* NULL until it happens)
SELECT id, seq, name, planned_start, planned_end, actual_start, actual_end
FROM ceremony_stages
ORDER BY seq
