-- The latest 智慧文旅 figures of every scenic spot at or before $at.
-- Grain: one row per scenic spot. Parameters: $at (TIMESTAMP, Beijing time).
-- Columns: spot_id, spot_name, observed_at, visitors (人, in the park), tickets (张, today), parking_used, parking_capacity (个)
SELECT spot_id, spot_name, observed_at, visitors, tickets, parking_used, parking_capacity
FROM tourism_stats
WHERE observed_at <= $at
QUALIFY row_number() OVER (PARTITION BY spot_id ORDER BY observed_at DESC) = 1
ORDER BY visitors DESC, spot_id
