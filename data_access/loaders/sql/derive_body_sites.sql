-- Static geometry of the 三高一低 model, recomputed whenever bodies, probes or reservoirs change, so the
-- risk screen joins each body to its sites instead of measuring 500 × 384 distances on every refresh.
-- Grain: one row per (body, site). Keeps the 3 nearest rain gauges (the query takes the nearest that has
-- reported) and every reservoir within 10 km (the model's radius must not exceed it: see risk_model).
-- Distances use an equirectangular approximation (km), exact enough within one county.
DELETE FROM body_sites;
INSERT INTO body_sites
WITH pairs AS (
    SELECT b.id AS body_id, 'gauge' AS site_kind, p.id AS site_id,
           111.32 * sqrt((b.lon - p.lon) ^ 2 * 0.77 + (b.lat - p.lat) ^ 2) AS km
    FROM bodies AS b CROSS JOIN probes AS p
    WHERE p.kind = 'rain'
    QUALIFY row_number() OVER (PARTITION BY b.id ORDER BY km, p.id) <= 3
)
SELECT * FROM pairs
UNION ALL
SELECT b.id, 'reservoir', r.id, 111.32 * sqrt((b.lon - r.lon) ^ 2 * 0.77 + (b.lat - r.lat) ^ 2) AS km
FROM bodies AS b JOIN reservoirs AS r ON 111.32 * sqrt((b.lon - r.lon) ^ 2 * 0.77 + (b.lat - r.lat) ^ 2) <= 10.0;
