-- Warehouse bookkeeping: load-run log, quarantine, watermarks, publish log.
CREATE TABLE IF NOT EXISTS load_runs (
    run_id      BIGINT PRIMARY KEY,
    source      VARCHAR NOT NULL,      -- upstream system key, e.g. 'iot'
    started_at  TIMESTAMP NOT NULL,    -- wall clock, UTC
    finished_at TIMESTAMP,
    status      VARCHAR NOT NULL,      -- 'ok' | 'partial' | 'failed'
    rows        INTEGER NOT NULL DEFAULT 0,
    errors      INTEGER NOT NULL DEFAULT 0,
    quarantined INTEGER NOT NULL DEFAULT 0,
    message     VARCHAR
);
CREATE TABLE IF NOT EXISTS quarantine (
    source      VARCHAR NOT NULL,
    resource    VARCHAR NOT NULL,
    run_id      BIGINT NOT NULL,
    received_at TIMESTAMP NOT NULL,    -- wall clock, UTC
    reason      VARCHAR NOT NULL,
    payload     VARCHAR NOT NULL       -- the record as received (JSON text)
);
CREATE TABLE IF NOT EXISTS watermarks (
    source     VARCHAR NOT NULL,
    resource   VARCHAR NOT NULL,
    watermark  VARCHAR NOT NULL,       -- the upstream's cursor (+1 s once its second has passed)
    PRIMARY KEY (source, resource)
);
CREATE TABLE IF NOT EXISTS scenario_clock (
    id            INTEGER PRIMARY KEY, -- always 1
    scenario      VARCHAR NOT NULL,
    scenario_time TIMESTAMP NOT NULL,  -- upstream's clock at the last load, Beijing time
    observed_at   TIMESTAMP NOT NULL   -- wall clock, UTC
);
