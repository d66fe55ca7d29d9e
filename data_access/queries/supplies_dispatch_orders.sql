-- Dispatch orders as the supplies system reports them (status: sent received in_transit delivered), newest first.
-- Grain: one row per order. Parameters: $limit (INTEGER).
-- Columns: id, idempotency_key, category, unit, quantity, from_warehouse_id, from_name, from_lon, from_lat,
--          to_kind, to_id, to_name, to_lon, to_lat, status, requested_by, created_at, updated_at
SELECT
    o.id, o.idempotency_key, c.name AS category, c.unit, o.quantity,
    o.from_warehouse_id, w.name AS from_name, w.lon AS from_lon, w.lat AS from_lat,
    o.to_kind, o.to_id, coalesce(s.name, v.name, o.to_id) AS to_name,
    coalesce(s.lon, v.lon) AS to_lon, coalesce(s.lat, v.lat) AS to_lat,
    o.status, o.requested_by, o.created_at, o.updated_at
FROM dispatch_orders AS o
LEFT JOIN supply_categories AS c ON c.code = o.category_code
LEFT JOIN warehouses AS w ON w.id = o.from_warehouse_id
LEFT JOIN shelters AS s ON o.to_kind = 'shelter' AND s.id = o.to_id
LEFT JOIN villages AS v ON o.to_kind = 'village' AND v.code = o.to_id
ORDER BY o.created_at DESC, o.id DESC
LIMIT $limit
