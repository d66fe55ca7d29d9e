-- Latest-state tables kept by the loaders after each cycle, so a screen reads one row per object
-- instead of scanning a month of time series (seed scale: 725k reservoir readings, 216k rain rows).
CREATE TABLE IF NOT EXISTS reservoir_latest (  -- hydro: newest reservoir_readings row per reservoir
    reservoir_id VARCHAR PRIMARY KEY, observed_at TIMESTAMP NOT NULL,
    level_m DOUBLE NOT NULL, storage_10k_m3 DOUBLE NOT NULL, inflow_m3s DOUBLE NOT NULL, outflow_m3s DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS rainfall_latest (   -- weather: newest rainfall row per rain gauge
    probe_id VARCHAR PRIMARY KEY, observed_at TIMESTAMP NOT NULL,
    rain_1h_mm DOUBLE NOT NULL, rain_24h_mm DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS body_sites (        -- census/iot/hydro: where each 承灾体 reads its live hazard from
    body_id VARCHAR NOT NULL,
    site_kind VARCHAR NOT NULL,                -- 'gauge' (the 3 nearest rain gauges) | 'reservoir' (all within 10 km)
    site_id VARCHAR NOT NULL,
    km DOUBLE NOT NULL,
    PRIMARY KEY (body_id, site_kind, site_id)
);
