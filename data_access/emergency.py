"""Typed queries and pure logic of the 智慧应急 screen: KPIs, alarms, map layers' data, typhoon distance, areas.

Every query takes `township` (a township code, or None for the whole county) so the township filter narrows
every panel. The pure functions (distance, closest approach, risk grading, approximate township areas) know
nothing of the warehouse and are unit-tested on their own.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import pandas as pd

from data_access import queries

COUNTY_SEAT = (120.078, 28.658)   # lon, lat (WGS84) of the county seat in 五云街道: typhoon distances are to here
PROBE_CELL_DEG = 0.03             # county-zoom probe grid: about 3 km, a few hundred cells instead of 10,396 points
EARTH_KM = 6371.0088
KIND_NAME = {"rain": "雨量超限", "water_level": "水位超限", "displacement": "地灾位移", "flash_flood": "山洪预警",
             "geohazard": "地灾土壤含水", "reservoir": "水库超汛限"}
PROBE_KIND_NAME = {"video": "视频", "rain": "雨量", "water_level": "水位", "displacement": "位移",
                   "soil_moisture": "土壤含水", "wind": "风速"}
STATUS_NAME = {"online": "在线", "offline": "离线", "alarm": "告警", "active": "告警中", "cleared": "已解除",
               "open": "已开放", "standby": "待启用", "closed": "已关闭"}
LEVEL_RANK = {"蓝": 1, "黄": 2, "橙": 3, "红": 4}
RISK_LEVELS = ("低", "较低", "较高", "高")


# --- typed queries ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kpis:
    probes: int
    probes_online: int
    probes_offline: int
    probes_alarm: int
    active_alarms: int
    reservoirs_over_limit: int
    geohazard_alarms: int
    villages_warning: int
    response_level: int | None      # 4..1 = Ⅳ..Ⅰ, None when no response is in force (county-wide)
    response_since: datetime | None
    response_reason: str | None


def _int(v) -> int:
    return 0 if v is None or v != v else int(v)


def emergency_kpis(township: str | None = None) -> Kpis:
    """The KPI tiles' figures, as the page shows them."""
    r = queries.run("emergency_kpis", township=township).iloc[0]
    level = r["response_level"]
    since = r["response_since"]
    return Kpis(
        probes=_int(r["probes"]), probes_online=_int(r["probes_online"]), probes_offline=_int(r["probes_offline"]),
        probes_alarm=_int(r["probes_alarm"]), active_alarms=_int(r["active_alarms"]),
        reservoirs_over_limit=_int(r["reservoirs_over_limit"]), geohazard_alarms=_int(r["geohazard_alarms"]),
        villages_warning=_int(r["villages_warning"]),
        response_level=None if pd.isna(level) else int(level),
        response_since=None if pd.isna(since) else pd.Timestamp(since).to_pydatetime(),
        response_reason=None if pd.isna(r["response_reason"]) else str(r["response_reason"]),
    )


def registry_counts() -> dict[str, int]:
    """The seed's registry figures counted from the warehouse: probes, geohazard_points, risk_zones, ..."""
    r = queries.run("emergency_registry_counts").iloc[0]
    return {k: _int(v) for k, v in r.items()}


def townships() -> pd.DataFrame:
    return queries.run("emergency_townships")


def alarms(township: str | None = None, limit: int = 30) -> pd.DataFrame:
    return queries.run("emergency_alarms", township=township, limit=limit)


def probe_cells() -> pd.DataFrame:
    """The county's probes on a grid of PROBE_CELL_DEG cells (a township view draws its probes one by one)."""
    return queries.run("emergency_probe_cells")


def probes(township: str) -> pd.DataFrame:
    return queries.run("emergency_probes", township=township)


def video_probes(township: str | None = None) -> pd.DataFrame:
    return queries.run("emergency_video_probes", township=township)


def geohazard_points(township: str | None = None) -> pd.DataFrame:
    return queries.run("emergency_geohazard_points", township=township)


def risk_zones(township: str | None = None) -> pd.DataFrame:
    """Zones with their ring parsed (`ring`: [[lon, lat], ...]) and their current risk graded (`risk`)."""
    df = queries.run("emergency_risk_zones", township=township)
    df["ring"] = [json.loads(p) for p in df["polygon"]]
    df["risk"] = [zone_risk(int(a), r) for a, r in zip(df["alarm_rank"], df["rain_24h_mm"], strict=True)]
    return df.drop(columns=["polygon"])


def reservoirs(township: str | None = None) -> pd.DataFrame:
    return queries.run("emergency_reservoirs", township=township)


def flash_flood_villages(township: str | None = None) -> pd.DataFrame:
    return queries.run("emergency_flash_flood_villages", township=township)


def rainfall(township: str | None = None) -> pd.DataFrame:
    return queries.run("emergency_rainfall", township=township)


def typhoon_track() -> pd.DataFrame:
    return queries.run("emergency_typhoon_track")


def rescue_teams(township: str | None = None) -> pd.DataFrame:
    return queries.run("emergency_rescue_teams", township=township)


def shelters(township: str | None = None) -> pd.DataFrame:
    return queries.run("emergency_shelters", township=township)


# --- pure logic ------------------------------------------------------------------------------------------


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def bearing_name(lon1: float, lat1: float, lon2: float, lat2: float) -> str:
    """Which way point 2 lies from point 1, in the 8 Chinese compass words (东, 东北, ...)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    deg = math.degrees(math.atan2(math.sin(dl) * math.cos(p2),
                                  math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl))) % 360
    return ("北", "东北", "东", "东南", "南", "西南", "西", "西北")[int((deg + 22.5) // 45) % 8]


@dataclass(frozen=True)
class Typhoon:
    typhoon_id: str
    name: str
    at: datetime                 # time of the current (newest observed) position
    lon: float
    lat: float
    max_wind_ms: float
    pressure_hpa: float
    r7_km: float | None
    r10_km: float | None
    distance_km: float           # current position to the county seat
    direction: str               # where the typhoon lies, seen from the county
    closest_km: float            # expected closest approach along the forecast track
    closest_at: datetime
    approaching: bool            # the closest approach is still ahead
    in_r7: bool                  # the county is inside the 7-level wind circle now


def wind_class(ms: float) -> str:
    """China's tropical-cyclone grade from the maximum sustained wind (GB/T 19201-2006)."""
    for limit, name in ((51.0, "超强台风"), (41.5, "强台风"), (32.7, "台风"), (24.5, "强热带风暴"), (17.2, "热带风暴")):
        if ms >= limit:
            return name
    return "热带低压"


def closest_approach(points: list[tuple[datetime, float, float]], lon: float, lat: float,
                     step: timedelta = timedelta(minutes=10)) -> tuple[float, datetime]:
    """(km, when) of the track's nearest pass to (lon, lat): the track from the current position on,
    interpolated linearly in time between its points."""
    best = (distance_km(points[0][1], points[0][2], lon, lat), points[0][0])
    for (t0, x0, y0), (t1, x1, y1) in zip(points, points[1:], strict=False):
        span = (t1 - t0).total_seconds()
        n = max(1, int(span // step.total_seconds()))
        for i in range(1, n + 1):
            f = i / n
            d = distance_km(x0 + (x1 - x0) * f, y0 + (y1 - y0) * f, lon, lat)
            if d < best[0]:
                best = (d, t0 + timedelta(seconds=span * f))
    return best


def typhoon_status(track: pd.DataFrame, lon: float = COUNTY_SEAT[0], lat: float = COUNTY_SEAT[1]) -> Typhoon | None:
    """The active typhoon's position, strength, distance and expected closest approach; None when none is active."""
    past = track[~track["is_forecast"].astype(bool)]
    if past.empty:
        return None
    cur = past.iloc[-1]
    ahead = [(pd.Timestamp(cur["observed_at"]).to_pydatetime(), float(cur["lon"]), float(cur["lat"]))]
    for _, f in track[track["is_forecast"].astype(bool)].sort_values("observed_at").iterrows():
        ahead.append((pd.Timestamp(f["observed_at"]).to_pydatetime(), float(f["lon"]), float(f["lat"])))
    dist = distance_km(float(cur["lon"]), float(cur["lat"]), lon, lat)
    closest_km, closest_at = closest_approach(ahead, lon, lat)
    r7 = None if pd.isna(cur["r7_km"]) else float(cur["r7_km"])
    r10 = None if pd.isna(cur["r10_km"]) else float(cur["r10_km"])
    return Typhoon(
        typhoon_id=str(cur["typhoon_id"]), name=str(cur["name"]), at=ahead[0][0], lon=float(cur["lon"]),
        lat=float(cur["lat"]), max_wind_ms=float(cur["max_wind_ms"]), pressure_hpa=float(cur["pressure_hpa"]),
        r7_km=r7, r10_km=r10, distance_km=dist, direction=bearing_name(lon, lat, float(cur["lon"]), float(cur["lat"])),
        closest_km=closest_km, closest_at=closest_at, approaching=closest_at > ahead[0][0],
        in_r7=r7 is not None and dist <= r7,
    )


def zone_risk(alarm_rank: int, rain_24h_mm: float | None) -> str:
    """A risk zone's current risk (低 较低 较高 高) from the worst active alarm on it or its village (1..4 =
    蓝黄橙红) and the 24 h rain over it. Rain steps follow the CMA daily grades: 50 mm 暴雨, 100 mm 大暴雨."""
    rain = 0.0 if rain_24h_mm is None or rain_24h_mm != rain_24h_mm else float(rain_24h_mm)
    rain_rank = 3 if rain >= 250 else 2 if rain >= 100 else 1 if rain >= 50 else 0
    alarm_part = {0: 0, 1: 2, 2: 2, 3: 3, 4: 3}.get(int(alarm_rank), 3)  # any alarm: at least 较高
    return RISK_LEVELS[max(rain_rank, alarm_part)]


RAIN_24H_GRADES = ((250, "特大暴雨"), (100, "大暴雨"), (50, "暴雨"), (25, "大雨"), (10, "中雨"), (0.1, "小雨"))
RAIN_1H_GRADES = ((50, "特大暴雨"), (20, "大暴雨"), (8, "暴雨"), (4, "大雨"), (1.5, "中雨"), (0.1, "小雨"))


def rain_grade(mm: float | None, window_h: int = 24) -> tuple[int, str]:
    """(0..6, name) of a rainfall amount: 0 = 无雨, 6 = 特大暴雨, on the CMA grades for 24 h or 1 h."""
    grades = RAIN_24H_GRADES if window_h == 24 else RAIN_1H_GRADES
    v = 0.0 if mm is None or mm != mm else float(mm)
    for i, (limit, name) in enumerate(grades):
        if v >= limit:
            return len(grades) - i, name
    return 0, "无雨"


# --- approximate township areas (no public boundaries exist) ---------------------------------------------


def _clip(ring: list[tuple[float, float]], a: tuple[float, float], b: tuple[float, float]) -> list[tuple[float, float]]:
    """Sutherland-Hodgman: keep the part of `ring` nearer to a than to b (x already scaled for latitude)."""
    nx, ny = b[0] - a[0], b[1] - a[1]
    c = (b[0] ** 2 + b[1] ** 2 - a[0] ** 2 - a[1] ** 2) / 2

    def side(p):
        return c - (nx * p[0] + ny * p[1])  # >= 0: on a's side of the bisector

    out = []
    for i, p in enumerate(ring):
        q = ring[i - 1]
        sp, sq = side(p), side(q)
        if sp >= 0:
            if sq < 0:
                f = sq / (sq - sp)
                out.append((q[0] + (p[0] - q[0]) * f, q[1] + (p[1] - q[1]) * f))
            out.append(p)
        elif sq >= 0:
            f = sq / (sq - sp)
            out.append((q[0] + (p[0] - q[0]) * f, q[1] + (p[1] - q[1]) * f))
    return out


@lru_cache(maxsize=4)
def township_areas(seats: tuple[tuple[str, float, float], ...],
                   outline: tuple[tuple[float, float], ...]) -> dict[str, list[list[float]]]:
    """Approximate township areas: the Voronoi cell of each seat (code, lon, lat) cut to the county outline ring.
    Returns {code: [[lon, lat], ...]}. For display only, labelled 示意: there are no public township boundaries."""
    lat0 = math.radians(sum(s[2] for s in seats) / len(seats))
    k = math.cos(lat0)
    pts = {code: (lon * k, lat) for code, lon, lat in seats}
    base = [(lon * k, lat) for lon, lat in outline]
    areas = {}
    for code, p in pts.items():
        ring = base
        for other, q in pts.items():
            if other != code and ring:
                ring = _clip(ring, p, q)
        areas[code] = [[round(x / k, 5), round(y, 5)] for x, y in ring]
    return areas


def data_age_text(observed_at, now: datetime | None) -> str:
    """"12:00（5分钟前）": when a value was observed, and how old it is at the upstream clock."""
    if observed_at is None or pd.isna(observed_at):
        return "—"
    t = pd.Timestamp(observed_at).to_pydatetime()
    stamp = t.strftime("%m-%d %H:%M")
    if now is None:
        return stamp
    s = max(0.0, (now - t).total_seconds())
    age = f"{int(s // 60)}分钟前" if s < 3600 else f"{s / 3600:.1f}小时前" if s < 86400 else f"{s / 86400:.1f}天前"
    return f"{stamp}（{age}）"
