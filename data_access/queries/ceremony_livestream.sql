-- The live-stream reach (直播) per minute in the window ($since, $until].
-- Grain: one row per observed minute. Parameters: $since, $until (TIMESTAMP, Beijing time).
-- Columns: observed_at, viewers (人), shares (次), likes (次), reach_index (0-100)
SELECT observed_at, viewers, shares, likes, reach_index
FROM livestream_stats
WHERE observed_at > $since AND observed_at <= $until
ORDER BY observed_at
