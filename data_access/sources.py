"""The catalogue of upstream systems: what each serves, where it lands, and how often to load it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Resource:
    path: str                 # URL path under the system, e.g. "readings"
    table: str                # warehouse table it lands in (columns = JSON field names)
    key: tuple[str, ...]      # upsert key; a record repeated within or across cycles is not doubled
    incremental: bool = True  # ask only for what changed since the last watermark
    # On a first load (no watermark yet) read only this many minutes back: screens need the latest
    # state of a high-volume feed at once, and `backfill` loads its history.
    first_lookback_min: int | None = None


@dataclass(frozen=True)
class System:
    key: str                  # URL segment and config name, e.g. "iot"
    title: str                # Chinese name shown on the screens
    interval_s: int           # load interval; the feed is stale after three of them
    resources: tuple[Resource, ...] = field(default_factory=tuple)


def _r(path: str, table: str, *key: str, incremental: bool = True, first_lookback_min: int | None = None) -> Resource:
    return Resource(path, table, key or ("id",), incremental, first_lookback_min)


SYSTEMS: tuple[System, ...] = (
    System("census", "风险普查", 600, (
        _r("townships", "townships", "code"), _r("villages", "villages", "code"), _r("bodies", "bodies"))),
    System("geohazard", "自规地灾", 300, (_r("points", "geohazard_points"), _r("zones", "risk_zones"))),
    System("hydro", "水文水利", 60, (
        _r("reservoirs", "reservoirs"), _r("reservoir_readings", "reservoir_readings", "reservoir_id", "observed_at"))),
    System("iot", "物联感知", 60, (
        _r("probes", "probes"), _r("readings", "probe_readings", "probe_id", "observed_at", first_lookback_min=30), _r("alarms", "alarms"))),
    System("weather", "气象", 60, (
        _r("warnings", "weather_warnings"),
        _r("typhoon_track", "typhoon_track", "typhoon_id", "observed_at", "is_forecast", incremental=False),
        _r("rainfall", "rainfall", "probe_id", "observed_at"))),
    System("supplies", "应急物资", 30, (
        _r("warehouses", "warehouses"), _r("categories", "supply_categories", "code"),
        _r("stock", "stock", "warehouse_id", "category_code"), _r("village_kits", "village_kits", "village_code", "item"),
        _r("movements", "stock_movements"), _r("dispatch_orders", "dispatch_orders"))),
    System("shelters", "避灾安置", 30, (
        _r("shelters", "shelters"), _r("occupancy", "shelter_occupancy", "shelter_id", "observed_at"))),
    System("transfers", "人员转移", 30, (_r("persons", "transfer_persons"),)),
    System("duty", "责任人", 300, (_r("persons", "responsible_persons"), _r("command_units", "command_units"))),
    System("rescue", "救援队伍", 30, (_r("teams", "rescue_teams"),)),
    System("construction", "在建工程", 300, (_r("sites", "construction_sites"),)),
    System("traffic", "交通", 60, (_r("events", "road_events"),)),
    System("tourism", "智慧文旅", 60, (_r("stats", "tourism_stats", "spot_id", "observed_at"),)),
    System("efence", "电子围栏", 10, (
        _r("zones", "efence_zones"), _r("counts", "efence_counts", "zone_id", "observed_at"))),
    System("opinion", "舆情", 30, (_r("items", "opinion_items"),)),
    System("fleet", "公车调度", 15, (_r("vehicles", "vehicles"),)),
    System("livestream", "直播", 15, (_r("stats", "livestream_stats", "observed_at"),)),
    System("checkin", "到岗签到", 15, (_r("posts", "duty_posts"),)),
    System("cowork", "协同处置", 10, (
        _r("response_levels", "response_levels"), _r("tasks", "tasks"),
        _r("ceremony_stages", "ceremony_stages"), _r("shared_items", "shared_items"))),
)

BY_KEY: dict[str, System] = {s.key: s for s in SYSTEMS}
