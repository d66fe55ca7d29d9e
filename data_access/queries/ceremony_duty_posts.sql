-- Staff on duty (到岗签到) per post: required, checked in, who is missing.
-- Grain: one row per duty post. Parameters: none.
-- Columns: id, post, department, location, planned_at (Beijing time, when the post must be staffed),
--          staff_required (人), staff_checked_in (人), missing_names ('、'-separated, NULL before planned_at), updated_at
SELECT id, post, department, location, planned_at, staff_required, staff_checked_in, missing_names, updated_at
FROM duty_posts
ORDER BY id
