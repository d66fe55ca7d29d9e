-- The shared data items (共享数据项) of the ceremony, grouped by the system that supplies them.
-- Grain: one row per item. Parameters: none.
-- Columns: id, name, source_system, value (text as supplied), unit, updated_at (Beijing time)
SELECT id, name, source_system, value, unit, updated_at
FROM shared_items
ORDER BY source_system, id
