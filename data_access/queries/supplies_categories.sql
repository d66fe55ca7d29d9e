-- The supply categories with their units, for filters and labels.
-- Grain: one row per category. Parameters: none. Columns: code, name, unit, kind
SELECT code, name, unit, kind FROM supply_categories ORDER BY code
