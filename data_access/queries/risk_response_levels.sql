-- 应急响应 history: every response level started, newest first.
-- Grain: one row per response period. Parameters: none.
-- Columns: id, level, reason, started_at, ended_at
SELECT id, level, reason, started_at, ended_at
FROM response_levels
ORDER BY started_at DESC, id
