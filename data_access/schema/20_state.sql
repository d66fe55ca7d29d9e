-- Current-state and event tables: upserted by key each cycle.
CREATE TABLE IF NOT EXISTS stock (              -- supplies /stock
    warehouse_id VARCHAR NOT NULL, category_code VARCHAR NOT NULL,
    quantity BIGINT NOT NULL, min_quantity BIGINT NOT NULL, updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (warehouse_id, category_code)
);
CREATE TABLE IF NOT EXISTS village_kits (       -- supplies /village_kits
    village_code VARCHAR NOT NULL,
    item VARCHAR NOT NULL,        -- 卫星电话 | 抽水泵 | 应急发电机 | 四小件
    quantity INTEGER NOT NULL, required INTEGER NOT NULL, updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (village_code, item)
);
CREATE TABLE IF NOT EXISTS dispatch_orders (    -- supplies /dispatch_orders (status flows back)
    id VARCHAR PRIMARY KEY, idempotency_key VARCHAR NOT NULL, category_code VARCHAR NOT NULL,
    quantity BIGINT NOT NULL, from_warehouse_id VARCHAR NOT NULL,
    to_kind VARCHAR NOT NULL, to_id VARCHAR NOT NULL,  -- shelter | village
    status VARCHAR NOT NULL,      -- sent | received | in_transit | delivered
    requested_by VARCHAR, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS transfer_persons (   -- transfers /persons (10,497) 一个码
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, phone VARCHAR NOT NULL, id_number VARCHAR NOT NULL,
    township_code VARCHAR NOT NULL, village_code VARCHAR NOT NULL, zone_id VARCHAR,
    echelon INTEGER NOT NULL,     -- 1 = first echelon
    status VARCHAR NOT NULL,      -- 未转移 | 应转 | 已转 | 在安置 | 已返回
    shelter_id VARCHAR, transferred_at TIMESTAMP, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS alarms (             -- iot /alarms: every threshold crossing
    id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,        -- rain water_level displacement flash_flood geohazard reservoir
    object_type VARCHAR NOT NULL, object_id VARCHAR NOT NULL, township_code VARCHAR NOT NULL,
    lon DOUBLE NOT NULL, lat DOUBLE NOT NULL, value DOUBLE NOT NULL, threshold DOUBLE NOT NULL,
    unit VARCHAR NOT NULL, level VARCHAR NOT NULL,   -- 蓝 | 黄 | 橙 | 红
    status VARCHAR NOT NULL,      -- active | cleared
    started_at TIMESTAMP NOT NULL, cleared_at TIMESTAMP, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS probe_state (        -- iot /probe_state: latest per probe
    probe_id VARCHAR PRIMARY KEY, status VARCHAR NOT NULL, -- online | offline | alarm
    value DOUBLE, observed_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS weather_warnings (   -- weather /warnings
    id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, -- 暴雨 台风 大风 雷电 地质灾害气象风险
    color VARCHAR NOT NULL, area VARCHAR NOT NULL, text VARCHAR NOT NULL,
    issued_at TIMESTAMP NOT NULL, expires_at TIMESTAMP, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS typhoon_track (      -- weather /typhoon_track (past, current, forecast)
    typhoon_id VARCHAR NOT NULL, name VARCHAR NOT NULL, observed_at TIMESTAMP NOT NULL,
    is_forecast BOOLEAN NOT NULL, lat DOUBLE NOT NULL, lon DOUBLE NOT NULL,
    max_wind_ms DOUBLE NOT NULL, pressure_hpa DOUBLE NOT NULL, r7_km DOUBLE, r10_km DOUBLE,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (typhoon_id, observed_at, is_forecast)
);
CREATE TABLE IF NOT EXISTS response_levels (    -- cowork /response_levels: 应急响应 history
    id VARCHAR PRIMARY KEY, level INTEGER NOT NULL, -- 4..1 = Ⅳ..Ⅰ
    reason VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL, ended_at TIMESTAMP, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS tasks (              -- cowork /tasks: warnings and tasks, closed loop
    id VARCHAR PRIMARY KEY, idempotency_key VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,        -- task | warning
    title VARCHAR NOT NULL, detail VARCHAR, department VARCHAR NOT NULL, assignee VARCHAR,
    deadline TIMESTAMP, source_ref VARCHAR,
    stage VARCHAR NOT NULL,       -- 预警 | 任务生成 | 协同处置 | 评价反馈
    created_at TIMESTAMP NOT NULL, generated_at TIMESTAMP, handling_at TIMESTAMP, closed_at TIMESTAMP,
    feedback VARCHAR, requested_by VARCHAR, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS ceremony_stages (    -- cowork /ceremony_stages
    id VARCHAR PRIMARY KEY, seq INTEGER NOT NULL, name VARCHAR NOT NULL,
    planned_start TIMESTAMP NOT NULL, planned_end TIMESTAMP NOT NULL,
    actual_start TIMESTAMP, actual_end TIMESTAMP, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS shared_items (       -- cowork /shared_items: the 30 shared data items
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, source_system VARCHAR NOT NULL,
    value VARCHAR NOT NULL, unit VARCHAR, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS duty_posts (         -- checkin /posts: 到岗签到
    id VARCHAR PRIMARY KEY, post VARCHAR NOT NULL, department VARCHAR NOT NULL, location VARCHAR NOT NULL,
    planned_at TIMESTAMP NOT NULL, staff_required INTEGER NOT NULL, staff_checked_in INTEGER NOT NULL,
    missing_names VARCHAR, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS opinion_items (      -- opinion /items: 舆情
    id VARCHAR PRIMARY KEY, source VARCHAR NOT NULL, title VARCHAR NOT NULL,
    sentiment DOUBLE NOT NULL,    -- -1..1
    label VARCHAR NOT NULL,       -- 正面 | 中性 | 负面
    published_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS vehicles (           -- fleet /vehicles: 公车调度, latest position
    id VARCHAR PRIMARY KEY, plate VARCHAR NOT NULL, kind VARCHAR NOT NULL, department VARCHAR NOT NULL,
    lon DOUBLE NOT NULL, lat DOUBLE NOT NULL, status VARCHAR NOT NULL, -- 待命 | 出车 | 返回
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS road_events (        -- traffic /events
    id VARCHAR PRIMARY KEY, road VARCHAR NOT NULL, kind VARCHAR NOT NULL, -- 封闭 管制 塌方 积水
    township_code VARCHAR NOT NULL, lon DOUBLE NOT NULL, lat DOUBLE NOT NULL,
    status VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL, ended_at TIMESTAMP, updated_at TIMESTAMP NOT NULL
);
