-- People sheltered over time (sum of every shelter's occupancy per 5-minute slot) and shelters occupied.
-- Grain: one row per observed_at slot. Parameters: $township (or NULL).
-- Columns: observed_at, sheltered, shelters_occupied
SELECT
    o.observed_at, sum(o.occupancy) AS sheltered, count(*) FILTER (WHERE o.occupancy > 0) AS shelters_occupied
FROM shelter_occupancy AS o
JOIN shelters AS s ON s.id = o.shelter_id
WHERE $township::VARCHAR IS NULL OR s.township_code = $township::VARCHAR
GROUP BY o.observed_at
ORDER BY o.observed_at
