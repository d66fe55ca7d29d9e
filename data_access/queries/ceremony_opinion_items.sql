-- The newest public-opinion items (舆情) published at or before $until.
-- Grain: one row per item, newest first. Parameters: $until (TIMESTAMP, Beijing time), $limit (INTEGER).
-- Columns: id, source, title, sentiment (-1..1), label (正面 | 中性 | 负面), published_at
SELECT id, source, title, sentiment, label, published_at
FROM opinion_items
WHERE published_at <= $until
ORDER BY published_at DESC, id DESC
LIMIT $limit
