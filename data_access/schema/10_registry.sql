-- Registry (dimension) tables: what exists in the county. One row per object, upserted by key.
-- Column names equal the upstream JSON field names. Timestamps are Beijing time (naive).
CREATE TABLE IF NOT EXISTS townships (          -- census /townships
    code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, lon DOUBLE NOT NULL, lat DOUBLE NOT NULL,
    area_km2 DOUBLE, population INTEGER, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS villages (           -- census /villages
    code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, township_code VARCHAR NOT NULL,
    lon DOUBLE NOT NULL, lat DOUBLE NOT NULL, population INTEGER,
    flash_flood_key BOOLEAN NOT NULL,            -- one of the 228 小流域山洪防御重点村落
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS bodies (             -- census /bodies: 重要承灾体
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,        -- school hospital nursing_home shelter dilapidated_house construction_site reservoir bridge_road hazmat scenic crowded_venue
    risk_list VARCHAR NOT NULL,   -- 地质灾害 小流域山洪 城镇内涝 危旧房 交通运输 安全生产 人员转移 山塘水库
    township_code VARCHAR NOT NULL, village_code VARCHAR, lon DOUBLE NOT NULL, lat DOUBLE NOT NULL,
    asset_value_wan DOUBLE NOT NULL,   -- 价值: asset value, 万元
    vulnerability DOUBLE NOT NULL,     -- 脆弱度: 0..1 from the census
    occupants INTEGER NOT NULL,        -- 聚集度: people usually present
    fortification DOUBLE NOT NULL,     -- 设防能力: 0..1, 1 = fully to standard
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS geohazard_points (   -- geohazard /points (13)
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR NOT NULL, -- 滑坡 崩塌 泥石流 地面塌陷
    township_code VARCHAR NOT NULL, village_code VARCHAR, lon DOUBLE NOT NULL, lat DOUBLE NOT NULL,
    threatened_people INTEGER NOT NULL, threatened_property_wan DOUBLE NOT NULL, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS risk_zones (         -- geohazard /zones (230) 灾害风险防范区
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR NOT NULL, -- 地质灾害 山洪 内涝
    township_code VARCHAR NOT NULL, village_code VARCHAR, lon DOUBLE NOT NULL, lat DOUBLE NOT NULL,
    polygon VARCHAR NOT NULL,          -- JSON [[lon,lat],...] ring, WGS84
    people INTEGER NOT NULL, households INTEGER NOT NULL, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS reservoirs (         -- hydro /reservoirs (84)
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, scale VARCHAR NOT NULL, -- 中型 小(一)型 小(二)型
    township_code VARCHAR NOT NULL, lon DOUBLE NOT NULL, lat DOUBLE NOT NULL,
    capacity_10k_m3 DOUBLE NOT NULL, normal_level_m DOUBLE NOT NULL,
    flood_limit_level_m DOUBLE NOT NULL, crest_level_m DOUBLE NOT NULL, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS probes (             -- iot /probes (10,396)
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,        -- video rain water_level displacement soil_moisture wind
    township_code VARCHAR NOT NULL, lon DOUBLE NOT NULL, lat DOUBLE NOT NULL,
    object_type VARCHAR, object_id VARCHAR,   -- what it watches: reservoir, geohazard_point, village, zone, ...
    unit VARCHAR, threshold DOUBLE, stream_url VARCHAR, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS warehouses (         -- supplies /warehouses (43)
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, level VARCHAR NOT NULL, -- county | township
    township_code VARCHAR NOT NULL, lon DOUBLE NOT NULL, lat DOUBLE NOT NULL, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS supply_categories (  -- supplies /categories (58)
    code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, unit VARCHAR NOT NULL, kind VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS shelters (           -- shelters /shelters (136), registry plus current state
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, township_code VARCHAR NOT NULL, village_code VARCHAR,
    lon DOUBLE NOT NULL, lat DOUBLE NOT NULL, capacity INTEGER NOT NULL,
    status VARCHAR NOT NULL,      -- open | standby | closed
    occupancy INTEGER NOT NULL, opened_at TIMESTAMP, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS responsible_persons ( -- duty /persons (181 + 455 + 260)
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, phone VARCHAR NOT NULL,
    role VARCHAR NOT NULL,        -- 地质灾害巡查员 | 山塘水库巡查员 | 山洪灾害预警员
    township_code VARCHAR NOT NULL, village_code VARCHAR, object_id VARCHAR, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS command_units (      -- duty /command_units: 1+5+18
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, tier VARCHAR NOT NULL, -- county | special | township
    parent_id VARCHAR, township_code VARCHAR, duty_person VARCHAR NOT NULL, duty_phone VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS rescue_teams (       -- rescue /teams (6), registry plus current state
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR NOT NULL, members INTEGER NOT NULL,
    equipment VARCHAR NOT NULL, township_code VARCHAR NOT NULL, lon DOUBLE NOT NULL, lat DOUBLE NOT NULL,
    status VARCHAR NOT NULL,      -- 待命 | 出动 | 处置中 | 返回
    leader VARCHAR NOT NULL, phone VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS construction_sites ( -- construction /sites
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, township_code VARCHAR NOT NULL,
    lon DOUBLE NOT NULL, lat DOUBLE NOT NULL, workers INTEGER NOT NULL,
    status VARCHAR NOT NULL,      -- 施工 | 停工
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS efence_zones (       -- efence /zones: ceremony venue zones
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, lon DOUBLE NOT NULL, lat DOUBLE NOT NULL,
    polygon VARCHAR NOT NULL, area_m2 DOUBLE NOT NULL, usable_area_m2 DOUBLE NOT NULL,
    is_main BOOLEAN NOT NULL, updated_at TIMESTAMP NOT NULL
);
