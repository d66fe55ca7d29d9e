-- 一个码 transfer totals: people in risk zones, ordered to move (应转), moved (已转, counted once moved, also
-- after they reached a shelter or went home), sheltered now (在安置), and the first echelon against its deadline.
-- Grain: one row (county, or one township). Parameters: $township (VARCHAR or NULL), $deadline (TIMESTAMP).
-- Columns: in_zones, ordered, transferred, sheltered, returned, first_total, first_ordered, first_done,
--   first_done_by_deadline, last_transferred_at
SELECT
    count(*) AS in_zones,
    count(*) FILTER (WHERE status <> '未转移') AS ordered,
    count(transferred_at) AS transferred,
    count(*) FILTER (WHERE status = '在安置') AS sheltered,
    count(*) FILTER (WHERE status = '已返回') AS returned,
    count(*) FILTER (WHERE echelon = 1) AS first_total,
    count(*) FILTER (WHERE echelon = 1 AND status <> '未转移') AS first_ordered,
    count(transferred_at) FILTER (WHERE echelon = 1) AS first_done,
    count(*) FILTER (WHERE echelon = 1 AND transferred_at <= $deadline::TIMESTAMP) AS first_done_by_deadline,
    max(transferred_at) AS last_transferred_at
FROM transfer_persons
WHERE $township::VARCHAR IS NULL OR township_code = $township::VARCHAR
