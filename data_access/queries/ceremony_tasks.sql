-- Warnings and tasks of the 协同处置 system created since $since, with their closed-loop stage timestamps.
-- Grain: one row per task, newest first. Parameters: $since (TIMESTAMP, Beijing time).
-- Columns: id, idempotency_key, kind (task | warning), title, department, assignee, deadline, source_ref,
--          stage (预警 | 任务生成 | 协同处置 | 评价反馈), created_at, generated_at, handling_at, closed_at, feedback,
--          requested_by, updated_at (times in Beijing time)
SELECT id, idempotency_key, kind, title, department, assignee, deadline, source_ref, stage,
       created_at, generated_at, handling_at, closed_at, feedback, requested_by, updated_at
FROM tasks
WHERE created_at >= $since
ORDER BY created_at DESC, id DESC
