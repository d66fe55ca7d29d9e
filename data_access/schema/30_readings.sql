-- Time series, appended; key = (object, observed_at) so a repeated delivery is not doubled.
CREATE TABLE IF NOT EXISTS rainfall (           -- weather /rainfall: per rain gauge, hourly
    probe_id VARCHAR NOT NULL, observed_at TIMESTAMP NOT NULL,
    rain_1h_mm DOUBLE NOT NULL, rain_24h_mm DOUBLE NOT NULL, updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (probe_id, observed_at)
);
CREATE TABLE IF NOT EXISTS reservoir_readings ( -- hydro /reservoir_readings: every 5 min
    reservoir_id VARCHAR NOT NULL, observed_at TIMESTAMP NOT NULL,
    level_m DOUBLE NOT NULL, storage_10k_m3 DOUBLE NOT NULL, inflow_m3s DOUBLE NOT NULL,
    outflow_m3s DOUBLE NOT NULL, updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (reservoir_id, observed_at)
);
CREATE TABLE IF NOT EXISTS shelter_occupancy (  -- shelters /occupancy: every 5 min
    shelter_id VARCHAR NOT NULL, observed_at TIMESTAMP NOT NULL, occupancy INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL, PRIMARY KEY (shelter_id, observed_at)
);
CREATE TABLE IF NOT EXISTS stock_movements (    -- supplies /movements
    id VARCHAR PRIMARY KEY, warehouse_id VARCHAR NOT NULL, category_code VARCHAR NOT NULL,
    direction VARCHAR NOT NULL,   -- in | out
    quantity BIGINT NOT NULL, reason VARCHAR NOT NULL, order_id VARCHAR,
    moved_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS efence_counts (      -- efence /counts: every minute per zone
    zone_id VARCHAR NOT NULL, observed_at TIMESTAMP NOT NULL, headcount INTEGER NOT NULL,
    inflow INTEGER NOT NULL, outflow INTEGER NOT NULL, updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (zone_id, observed_at)
);
CREATE TABLE IF NOT EXISTS tourism_stats (      -- tourism /stats: per scenic spot
    spot_id VARCHAR NOT NULL, spot_name VARCHAR NOT NULL, observed_at TIMESTAMP NOT NULL,
    visitors INTEGER NOT NULL, tickets INTEGER NOT NULL, parking_used INTEGER NOT NULL,
    parking_capacity INTEGER NOT NULL, updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (spot_id, observed_at)
);
CREATE TABLE IF NOT EXISTS livestream_stats (   -- livestream /stats
    observed_at TIMESTAMP PRIMARY KEY, viewers INTEGER NOT NULL, shares INTEGER NOT NULL,
    likes INTEGER NOT NULL, reach_index DOUBLE NOT NULL, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS probe_readings (     -- iot /readings: high volume; closed days move to Parquet
    probe_id VARCHAR NOT NULL, observed_at TIMESTAMP NOT NULL, status VARCHAR NOT NULL,
    value DOUBLE, PRIMARY KEY (probe_id, observed_at)
);
