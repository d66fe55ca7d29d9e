-- Public-opinion volume per sentiment label in fixed buckets of $bucket_min minutes over ($since, $until].
-- Grain: one row per bucket that has items. Parameters: $since, $until (TIMESTAMP, Beijing time), $bucket_min (INTEGER).
-- Columns: bucket (bucket start, Beijing time), total, positive, neutral, negative (条)
SELECT time_bucket(to_minutes($bucket_min::BIGINT), published_at) AS bucket,
       count(*) AS total,
       count(*) FILTER (WHERE label = '正面') AS positive,
       count(*) FILTER (WHERE label = '中性') AS neutral,
       count(*) FILTER (WHERE label = '负面') AS negative
FROM opinion_items
WHERE published_at > $since AND published_at <= $until
GROUP BY bucket
ORDER BY bucket
