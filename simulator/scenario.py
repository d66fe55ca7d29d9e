"""The scenario clock and every live value, as pure functions of (scenario time, object, seed)."""

from __future__ import annotations

import bisect
import math
import random
import threading
import time
from datetime import datetime, timedelta, timezone

from .geo import dist_km, km_xy
from .registry import KEY_TRANSFER, Registry

BJ = timezone(timedelta(hours=8))
SCENARIOS = ("live", "muifa", "ceremony")
H = 3600
D = 86400


def ts_of(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> int:
    return int(datetime(y, mo, d, h, mi, tzinfo=BJ).timestamp())


_ISO: dict[int, str] = {}


def iso(ts: float | None) -> str | None:
    """Epoch seconds -> 'YYYY-MM-DDTHH:MM:SS+08:00' (floored to the second, cached)."""
    if ts is None:
        return None
    k = int(ts // 1)
    s = _ISO.get(k)
    if s is None:
        if len(_ISO) > 300_000:
            _ISO.clear()
        s = time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(k + 28800))
        _ISO[k] = s
    return s


def parse_iso(text: str) -> float:
    """ISO 8601 -> epoch seconds; a naive time is Beijing time. Raises ValueError."""
    text = text.strip().replace(" ", "T", 1) if "T" not in text else text.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=BJ)
    return dt.timestamp()


def hnoise(*parts: int) -> float:
    """A fast deterministic hash of integers -> [0, 1)."""
    x = 0x811C9DC5
    for p in parts:
        x = ((x ^ (p & 0xFFFFFFFF)) * 0x01000193) & 0xFFFFFFFF
        x ^= x >> 13
        x = (x * 0x5BD1E995) & 0xFFFFFFFF
        x ^= x >> 15
    return x / 4294967296.0


MUIFA_START = ts_of(2022, 9, 12)
MUIFA_END = ts_of(2022, 9, 15, 12)
CEREMONY_DAY = ts_of(2026, 4, 5)
DEFAULTS = {"live": (None, 1.0), "muifa": (MUIFA_START, 30.0), "ceremony": (CEREMONY_DAY + 7 * H, 10.0)}

# CMA positions (REFERENCE.md) extended past 09-14 17:00 with the landfalls and the track north
MUIFA_TRACK = [
    (ts_of(2022, 9, 10, 8), 20.7, 126.4, 30, 980), (ts_of(2022, 9, 11, 5), 22.4, 124.7, 42, 955),
    (ts_of(2022, 9, 13, 5), 25.5, 124.1, 42, 955), (ts_of(2022, 9, 13, 9), 25.7, 124.1, 42, 955),
    (ts_of(2022, 9, 14, 9), 28.0, 123.2, 45, 950), (ts_of(2022, 9, 14, 10), 28.1, 123.1, 48, 945),
    (ts_of(2022, 9, 14, 17), 29.2, 122.5, 45, 950), (ts_of(2022, 9, 14, 20, 30), 29.9, 122.3, 42, 955),
    (ts_of(2022, 9, 15, 0, 30), 30.8, 121.5, 35, 975), (ts_of(2022, 9, 15, 8), 32.0, 121.1, 28, 982),
    (ts_of(2022, 9, 15, 14), 33.4, 120.8, 25, 985), (ts_of(2022, 9, 15, 20), 35.6, 120.3, 23, 988),
    (ts_of(2022, 9, 16, 2), 38.3, 121.2, 20, 990), (ts_of(2022, 9, 16, 8), 40.5, 122.3, 15, 995),
]
RAIN_LEVELS = (20.0, 30.0, 50.0, 80.0)        # 1 h rain, mm: 蓝 黄 橙 红
FLASH_LEVELS = (100.0, 150.0, 200.0, 260.0)    # 24 h rain at the village's gauge, mm
DISP_LEVELS = (20.0, 30.0, 40.0, 60.0)        # cumulative displacement, mm
SOIL_LEVELS = (50.0, 54.0, 57.0, 60.0)        # soil moisture, %
COLORS = ("蓝", "黄", "橙", "红")


class Clock:
    """Scenario time = start + wall elapsed x speed; movable; muifa stops at the end of the replay."""

    def __init__(self, start: float, speed: float, stop_at: float | None = None):
        self._lock = threading.Lock()
        self.speed = float(speed)
        self._wall0 = time.time()
        self._scn0 = float(start)
        self.stop_at = stop_at

    def now(self) -> float:
        with self._lock:
            t = self._scn0 + (time.time() - self._wall0) * self.speed
        if self.stop_at is not None and self._scn0 <= self.stop_at < t:
            return float(self.stop_at)
        return t

    def set(self, at: float | None = None, speed: float | None = None) -> None:
        now = self.now()
        with self._lock:
            self._wall0 = time.time()
            self._scn0 = now if at is None else float(at)
            if speed is not None:
                self.speed = float(speed)


def _interp(points, t, idx):
    """Linear interpolation of column idx of a time-sorted list of tuples; None outside."""
    if not points or t < points[0][0] or t > points[-1][0]:
        return None
    i = bisect.bisect_right([p[0] for p in points], t)
    if i >= len(points):
        return points[-1][idx]
    a, b = points[i - 1], points[i]
    f = (t - a[0]) / (b[0] - a[0])
    return a[idx] + (b[idx] - a[idx]) * f


def _level(value: float, levels: tuple) -> int:
    """0 = below the blue threshold, 1..4 = 蓝 黄 橙 红."""
    n = 0
    for th in levels:
        if value >= th:
            n += 1
    return n


class World:
    """Everything that moves in one scenario, computed from the registry, the seed and scenario time."""

    def __init__(self, reg: Registry, scenario: str, start: float, seed: int):
        self.reg = reg
        self.scenario = scenario
        self.seed = seed
        self.start = start
        day0 = int((start + 8 * H) // D) * D - 8 * H
        self.epoch = day0 - D + 8 * H       # registry records were last changed at 08:00 the day before
        self.epoch_iso = iso(self.epoch)
        r = random.Random(seed * 31 + SCENARIOS.index(scenario))
        self.r = r
        self._rain_cache: dict[int, list[float]] = {}
        self._rain_lock = threading.Lock()
        g = reg.rain_gauges
        self.g_xy = [km_xy(p["lon"], p["lat"]) for p in g]
        key = set(KEY_TRANSFER)
        self.g_factor = [r.uniform(0.55, 1.25) + (0.55 if p["township_code"] in key else 0.0) for p in g]
        self.g_phase = [r.uniform(0, 2 * math.pi) for _ in g]
        self.g_index = {p["id"]: i for i, p in enumerate(g)}
        if scenario == "muifa":
            self.scan = (ts_of(2022, 9, 11), ts_of(2022, 9, 17))
        else:
            self.scan = (day0 - 2 * D, day0 + 9 * D)
        self._nearest_gauge_cache: dict[tuple, int] = {}
        self._build_hydro()
        self._build_alarms()
        self._build_transfers()
        self._build_schedules()

    # ------------------------------------------------------------------ weather
    def typhoon_at(self, t: float):
        if self.scenario != "muifa":
            return None
        lat = _interp(MUIFA_TRACK, t, 1)
        if lat is None:
            return None
        return (lat, _interp(MUIFA_TRACK, t, 2), _interp(MUIFA_TRACK, t, 3), _interp(MUIFA_TRACK, t, 4))

    def rain_hour(self, hour: int) -> list[float]:
        """Rain (mm) at every gauge in the hour [hour*3600, hour*3600+3600)."""
        c = self._rain_cache.get(hour)
        if c is not None:
            return c
        n = len(self.g_xy)
        s = self.seed
        if self.scenario == "muifa":
            ty = self.typhoon_at(hour * H + 1800)
            out = []
            for i in range(n):
                if ty is None:
                    out.append(0.0)
                    continue
                lon, lat = self.reg.rain_gauges[i]["lon"], self.reg.rain_gauges[i]["lat"]
                d = dist_km(lon, lat, ty[1], ty[0])
                base = 10.5 * math.exp(-max(0.0, d - 230.0) / 115.0)
                band = 0.45 + 0.55 * (0.5 + 0.5 * math.sin(2 * math.pi * hour / 5.0 + self.g_phase[i]))
                v = base * self.g_factor[i] * band * (0.7 + 0.6 * hnoise(s, i, hour))
                out.append(round(v, 1) if v >= 0.1 else 0.0)
        else:
            calm = 0.25 if self.scenario == "ceremony" else 1.0
            w = max(0.0, math.sin(2 * math.pi * hour / 37.0 + s) - 0.35) * 2.2 * calm
            day = (hour + 8) // 24
            shower = None
            if self.scenario == "live" and hnoise(s, day, 77) < 0.6:   # an afternoon shower most days
                gi = int(hnoise(s, day, 78) * n)
                h0 = day * 24 - 8 + 13 + int(hnoise(s, day, 79) * 5)
                if h0 <= hour <= h0 + 1:
                    shower = (self.g_xy[gi], 19.0 + 9.0 * hnoise(s, day, 80) - 6.0 * (hour - h0))
            out = []
            for i in range(n):
                v = w * (0.3 + 1.2 * hnoise(s, i, hour)) if w > 0 else 0.0
                if shower is not None:
                    (sx, sy), peak = shower
                    dx, dy = self.g_xy[i][0] - sx, self.g_xy[i][1] - sy
                    v += peak * math.exp(-(dx * dx + dy * dy) / 18.0)
                out.append(round(v, 1) if v >= 0.1 else 0.0)
        with self._rain_lock:
            if len(self._rain_cache) > 20000:
                self._rain_cache.clear()
            self._rain_cache[hour] = out
        return out

    def rain_24h(self, gi: int, hour: int) -> float:
        """Rain over the 24 hours ending at the end of `hour`."""
        return round(sum(self.rain_hour(h)[gi] for h in range(hour - 23, hour + 1)), 1)

    def nearest_gauge(self, lon: float, lat: float) -> int:
        k = (lon, lat)
        if k not in self._nearest_gauge_cache:
            x, y = km_xy(lon, lat)
            self._nearest_gauge_cache[k] = min(range(len(self.g_xy)),
                                               key=lambda i: (self.g_xy[i][0] - x) ** 2 + (self.g_xy[i][1] - y) ** 2)
        return self._nearest_gauge_cache[k]

    # ------------------------------------------------------------------ hydrology
    def _build_hydro(self):
        reg, r = self.reg, self.r
        a, b = self.scan
        self.h0 = a // H
        nh = (b - a) // H + 1
        ng = len(self.g_xy)
        hours = [self.rain_hour(self.h0 + k) for k in range(nh)]
        # linear-reservoir storage S (tau 36 h) and cumulative rain C per gauge, hourly
        decay = math.exp(-1 / 36.0)
        self.S = [[0.0] * nh for _ in range(ng)]
        self.C = [[0.0] * nh for _ in range(ng)]
        for gi in range(ng):
            s = c = 0.0
            Sg, Cg = self.S[gi], self.C[gi]
            for k in range(nh):
                v = hours[k][gi]
                s = s * decay + v
                c += v
                Sg[k], Cg[k] = s, c
        self.res_gauge = [self.nearest_gauge(x["lon"], x["lat"]) for x in reg.reservoirs]
        self.res_k, self.res_pre, self.res_phase = [], [], []
        muifa = self.scenario == "muifa"
        t_star = ts_of(2022, 9, 14, 12)
        over = set(r.sample(range(len(reg.reservoirs)), 10)) if muifa else set()
        for ri, x in enumerate(reg.reservoirs):
            gi = self.res_gauge[ri]
            smax = max(self.S[gi]) or 1.0
            room = x["crest_level_m"] - x["flood_limit_level_m"] - 0.6
            k = room * r.uniform(0.35, 0.7) / smax
            if muifa:
                sstar = self._hourly(self.S[gi], t_star)
                margin = k * sstar * r.uniform(0.35, 0.75) if ri in over else k * smax * r.uniform(1.08, 1.6)
            else:
                k = 0.0
                margin = r.uniform(0.3, 2.0)
            self.res_k.append(k)
            self.res_pre.append(x["flood_limit_level_m"] - margin)
            self.res_phase.append(r.uniform(0, 2 * math.pi))
        gp = reg.geo_points
        self.gp_gauge = [self.nearest_gauge(p["lon"], p["lat"]) for p in gp]
        moving = {0: 32.0, 5: 24.0, 9: 21.5} if muifa else {}
        self.gp_base, self.gp_k = [], []
        for pi, _p in enumerate(gp):
            base = r.uniform(2.0, 8.0)
            cmax = max(self.C[self.gp_gauge[pi]][-1], 1.0)
            target = moving.get(pi, r.uniform(base + 1, 15.0))
            self.gp_base.append(base)
            self.gp_k.append((target - base) / cmax)
        self.zone_gauge = {z["id"]: self.nearest_gauge(z["lon"], z["lat"]) for z in reg.zones}
        self.village_gauge = {v["code"]: self.nearest_gauge(v["lon"], v["lat"]) for v in reg.villages}

    def _hourly(self, arr: list[float], t: float) -> float:
        x = (t / H) - self.h0
        if x <= 0:
            return arr[0]
        k = int(x)
        if k >= len(arr) - 1:
            return arr[-1]
        f = x - k
        return arr[k] * (1 - f) + arr[k + 1] * f

    def res_level(self, ri: int, t: float) -> float:
        x = self.reg.reservoirs[ri]
        if self.res_k[ri]:
            lv = self.res_pre[ri] + self.res_k[ri] * self._hourly(self.S[self.res_gauge[ri]], t)
        else:
            lv = self.res_pre[ri] + 0.04 * math.sin(2 * math.pi * t / D + self.res_phase[ri])
        return round(min(lv, x["crest_level_m"] - 0.3), 2)

    def res_reading(self, ri: int, t: float) -> tuple:
        x = self.reg.reservoirs[ri]
        lv = self.res_level(ri, t)
        dead = x["flood_limit_level_m"] - 14.0
        frac = max(0.05, min(1.0, (lv - dead) / (x["crest_level_m"] - dead)))
        cap = x["capacity_10k_m3"]
        rain = self.rain_hour(int(t // H))[self.res_gauge[ri]]
        inflow = cap * 0.0004 + cap * 0.0009 * rain
        outflow = cap * 0.0003 + (max(0.0, lv - x["flood_limit_level_m"]) * cap * 0.004)
        return lv, round(cap * frac, 1), round(inflow, 2), round(outflow, 2)

    def displacement(self, pi: int, t: float) -> float:
        c = self._hourly(self.C[self.gp_gauge[pi]], t) if self.gp_k[pi] else 0.0
        return round(self.gp_base[pi] + self.gp_k[pi] * c + 0.0 * t, 1)

    def soil(self, gi: int, t: float) -> float:
        return round(min(62.0, 24.0 + 0.16 * self._hourly(self.S[gi], t)), 1)

    def wind(self, gi: int, t: float) -> float:
        ty = self.typhoon_at(t)
        base = 2.0 + 2.5 * hnoise(self.seed, gi, int(t // 600))
        if ty:
            p = self.reg.rain_gauges[gi]
            d = dist_km(p["lon"], p["lat"], ty[1], ty[0])
            base += ty[2] * 0.55 * math.exp(-max(0.0, d - 200.0) / 160.0) * (0.8 + 0.4 * hnoise(self.seed, gi, int(t // 300)))
        return round(base, 1)

    # ------------------------------------------------------------------ alarms
    def _build_alarms(self):
        reg = self.reg
        a, b = self.scan
        sources = []  # (kind, object_type, object_id, township, lon, lat, unit, levels or None, fn, step)
        for gi, p in enumerate(reg.rain_gauges):
            sources.append(("rain", "probe", p["id"], p["township_code"], p["lon"], p["lat"], "mm/h", RAIN_LEVELS,
                            lambda t, gi=gi: self.rain_hour(int(t // H) - 1)[gi], H))
        for v in reg.villages:
            if v["flash_flood_key"]:
                gi = self.village_gauge[v["code"]]
                sources.append(("flash_flood", "village", v["code"], v["township_code"], v["lon"], v["lat"], "mm",
                                FLASH_LEVELS, lambda t, gi=gi: self.rain_24h(gi, int(t // H) - 1), H))
        if self.scenario == "muifa":
            for ri, x in enumerate(reg.reservoirs):
                fl = x["flood_limit_level_m"]
                lv = (fl, fl + 0.3, fl + 0.6, fl + 1.0)
                sources.append(("reservoir", "reservoir", x["id"], x["township_code"], x["lon"], x["lat"], "m", lv,
                                lambda t, ri=ri: self.res_level(ri, t), 300))
            for pi, p in enumerate(reg.geo_points):
                sources.append(("displacement", "geohazard_point", p["id"], p["township_code"], p["lon"], p["lat"], "mm",
                                DISP_LEVELS, lambda t, pi=pi: self.displacement(pi, t), 300))
            for z in reg.zones:
                if z["kind"] == "地质灾害":
                    gi = self.zone_gauge[z["id"]]
                    sources.append(("geohazard", "zone", z["id"], z["township_code"], z["lon"], z["lat"], "%",
                                    SOIL_LEVELS, lambda t, gi=gi: self.soil(gi, t), 900))
        self.episodes = []
        for kind, otype, oid, town, lon, lat, unit, levels, fn, step in sources:
            cur = None
            t = (a // step + 1) * step
            while t <= b:
                v = fn(t)
                lvl = _level(v, levels)
                if cur is None and lvl > 0:
                    cur = {"id": f"AL-{kind}-{oid}-{t}", "kind": kind, "object_type": otype, "object_id": oid,
                           "township_code": town, "lon": lon, "lat": lat, "unit": unit, "started": t,
                           "events": [(t, lvl, v, levels[lvl - 1])], "cleared": None}
                elif cur is not None:
                    if lvl == 0:
                        cur["cleared"] = t
                        cur["clear_value"] = v
                        self.episodes.append(cur)
                        cur = None
                    elif lvl > cur["events"][-1][1]:
                        cur["events"].append((t, lvl, v, levels[lvl - 1]))
                t += step
            if cur is not None:
                self.episodes.append(cur)
        self.episodes.sort(key=lambda e: e["started"])
        self.ep_starts = [e["started"] for e in self.episodes]

    def alarms(self, t: float) -> list[dict]:
        out = []
        for e in self.episodes[: bisect.bisect_right(self.ep_starts, t)]:
            ev = [x for x in e["events"] if x[0] <= t][-1]
            cleared = e["cleared"] if e["cleared"] is not None and e["cleared"] <= t else None
            upd = cleared if cleared is not None else ev[0]
            out.append({"id": e["id"], "kind": e["kind"], "object_type": e["object_type"], "object_id": e["object_id"],
                        "township_code": e["township_code"], "lon": e["lon"], "lat": e["lat"], "value": ev[2],
                        "threshold": ev[3], "unit": e["unit"], "level": COLORS[ev[1] - 1],
                        "status": "cleared" if cleared is not None else "active",
                        "started_at": iso(e["started"]), "cleared_at": iso(cleared), "updated_at": iso(upd)})
        return out

    # ------------------------------------------------------------------ transfers and shelters
    def _build_transfers(self):
        reg = self.reg
        r = random.Random(self.seed * 7 + 5)
        self.tp_times: dict[str, tuple] = {}   # id -> (order, transferred, arrived, returned, shelter_id)
        self.sh_open: dict[str, tuple] = {}    # id -> (opened_at, closed_at, arrivals, departures)
        if self.scenario != "muifa":
            return
        d13 = ts_of(2022, 9, 13)
        movers = reg.first_echelon + reg.second_movers
        towns = {p["township_code"] for p in movers}
        by_town: dict[str, list[dict]] = {}
        for s in reg.shelters:
            by_town.setdefault(s["township_code"], []).append(s)
        chosen: list[dict] = []
        for tc in KEY_TRANSFER:          # the key transfer townships open most of theirs
            chosen += by_town.get(tc, [])[:6]
        for tc in sorted(towns - set(KEY_TRANSFER)):
            chosen += by_town.get(tc, [])[:2]
        rest = [s for s in reg.shelters if s not in chosen]
        r.shuffle(rest)
        chosen = (chosen + rest)[:62]
        chosen_ids = {s["id"] for s in chosen}
        load = {s["id"]: 0 for s in chosen}
        sheltered = [p for p in movers if r.random() < 0.8]
        sheltered_ids = {p["id"] for p in sheltered}
        arrivals: dict[str, list[int]] = {s["id"]: [] for s in chosen}
        departures: dict[str, list[int]] = {s["id"]: [] for s in chosen}
        n1 = len(reg.first_echelon)
        for i, p in enumerate(movers):
            first = p["echelon"] == 1
            order = d13 + 10 * H if first else d13 + 17 * H
            if first:   # spread 10:30 .. 18:55, the last exactly at 18:55: all in by the 19:00 deadline
                moved = d13 + 10 * H + 1800 + int((8 * H + 1500) * (i / max(1, n1 - 1)) ** 0.8)
            else:
                moved = d13 + 19 * H + 1800 + int(r.random() * (18 * H + 1800))
            sid = arrived = None
            if p["id"] in sheltered_ids:
                x, y = km_xy(*self._village_pos(p["village_code"]))
                cands = [s for s in chosen if s["township_code"] == p["township_code"]
                         and load[s["id"]] < s["capacity"] * 0.8] or \
                    sorted((s for s in chosen if load[s["id"]] < s["capacity"] * 0.8),
                           key=lambda s: (km_xy(s["lon"], s["lat"])[0] - x) ** 2 + (km_xy(s["lon"], s["lat"])[1] - y) ** 2)[:3]
                s = cands[i % len(cands)]
                sid = s["id"]
                load[sid] += 1
                arrived = moved + 1200 + int(r.random() * 4200)
                arrivals[sid].append(arrived)
            returned = ts_of(2022, 9, 15, 12, 30) + int(r.random() * 5.5 * H)
            if sid:
                departures[sid].append(returned)
            self.tp_times[p["id"]] = (order, moved, arrived, returned, sid)
        # others sheltered (tourists, workers, self-evacuated): the total at the plateau is exactly 1,038
        extra = 1038 - len(sheltered)
        opened = {}
        for s in chosen:
            opened[s["id"]] = d13 + 8 * H + int(r.random() * 2 * H) // 60 * 60
        ids = sorted(chosen_ids)
        for k in range(extra):
            sid = ids[(k * 7) % len(ids)]
            if load[sid] >= chosen[[c["id"] for c in chosen].index(sid)]["capacity"]:
                sid = min(ids, key=lambda x: load[x])
            load[sid] += 1
            arrivals[sid].append(opened[sid] + 1800 + int(r.random() * (ts_of(2022, 9, 14, 15) - opened[sid] - 1800)))
            departures[sid].append(ts_of(2022, 9, 15, 6) + int(r.random() * 4 * H))
        for sid in ids:
            arr, dep = sorted(arrivals[sid]), sorted(departures[sid])
            closed = max(dep) + 1800 if dep else ts_of(2022, 9, 15, 10)
            self.sh_open[sid] = (opened[sid], closed, arr, dep)
        self.peak_sheltered = sum(len(v[2]) for v in self.sh_open.values())

    def _village_pos(self, code: str) -> tuple[float, float]:
        v = self.reg.v_by_code[code]
        return v["lon"], v["lat"]

    def transfer_persons(self, t: float, since: str | None) -> list[dict]:
        ep = self.epoch_iso
        out = []
        times = self.tp_times
        for p in self.reg.transfer:
            tt = times.get(p["id"])
            status, sid, moved, upd = "未转移", None, None, ep
            if tt is not None:
                order, mv, arr, ret, shelter = tt
                if t >= order:
                    status, upd = "应转", iso(order)
                if t >= mv:
                    status, moved, upd = "已转", iso(mv), iso(mv)
                    if shelter is not None:
                        sid = shelter
                if arr is not None and t >= arr:
                    status, upd = "在安置", iso(arr)
                if t >= ret:
                    status, upd = "已返回", iso(ret)
            if since is not None and upd <= since:
                continue
            out.append({**p, "status": status, "shelter_id": sid, "transferred_at": moved, "updated_at": upd})
        return out

    def shelter_occ(self, sid: str, t: float) -> int:
        o = self.sh_open.get(sid)
        if o is None:
            return 0
        return bisect.bisect_right(o[2], t) - bisect.bisect_right(o[3], t)

    def shelters(self, t: float) -> list[dict]:
        out = []
        for s in self.reg.shelters:
            o = self.sh_open.get(s["id"])
            status, occ, opened, upd = "standby", 0, None, self.epoch
            if o is not None and t >= o[0]:
                opened = o[0]
                status = "open" if t < o[1] else "closed"
                occ = self.shelter_occ(s["id"], t)
                i, j = bisect.bisect_right(o[2], t), bisect.bisect_right(o[3], t)
                upd = max(o[0], o[2][i - 1] if i else 0, o[3][j - 1] if j else 0, o[1] if t >= o[1] else 0)
            out.append({**s, "status": status, "occupancy": occ, "opened_at": iso(opened), "updated_at": iso(upd)})
        return out

    # ------------------------------------------------------------------ schedules (events that switch state)
    def _build_schedules(self):
        reg, r = self.reg, random.Random(self.seed * 13 + 1)
        d = ts_of
        self.responses = [  # past closed ones: typhoon Hinnamnor (2211) and Muifa (2212)
            ("RL-2211-4", 4, "台风“轩岚诺”(2211)影响,启动防台风Ⅳ级应急响应", d(2022, 9, 3, 18), d(2022, 9, 4, 12)),
            ("RL-2211-3", 3, "台风“轩岚诺”(2211)外围影响,提升至防台风Ⅲ级应急响应", d(2022, 9, 4, 12), d(2022, 9, 5, 20)),
            ("RL-2212-4", 4, "台风“梅花”(2212)逼近,启动防台风Ⅳ级应急响应", d(2022, 9, 12, 8), d(2022, 9, 13, 8)),
            ("RL-2212-3", 3, "台风“梅花”(2212)加强北上,提升至防台风Ⅲ级应急响应", d(2022, 9, 13, 8), d(2022, 9, 13, 10)),
            ("RL-2212-2", 2, "台风“梅花”(2212)将严重影响我县,提升至防台风Ⅱ级应急响应", d(2022, 9, 13, 10), d(2022, 9, 13, 17)),
            ("RL-2212-1", 1, "台风“梅花”(2212)将登陆浙江沿海,提升至防台风Ⅰ级应急响应", d(2022, 9, 13, 17), d(2022, 9, 15, 6)),
            ("RL-2212-4b", 4, "台风“梅花”(2212)已移出,降为防台风Ⅳ级应急响应", d(2022, 9, 15, 6), d(2022, 9, 15, 16)),
        ]
        ww = [
            ("WW-2211-T1", "台风", "蓝", "缙云县全境", "台风“轩岚诺”外围影响,注意防范", d(2022, 9, 3, 10), d(2022, 9, 5, 20)),
            ("WW-2212-T1", "台风", "蓝", "缙云县全境", "台风“梅花”预计将影响我县,请做好防台准备", d(2022, 9, 12, 8), d(2022, 9, 13, 6)),
            ("WW-2212-T2", "台风", "黄", "缙云县全境", "台风“梅花”继续北上,我县将出现大风和强降雨", d(2022, 9, 13, 6), d(2022, 9, 13, 16)),
            ("WW-2212-T3", "台风", "橙", "缙云县全境", "台风“梅花”将严重影响我县,请停止户外活动,落实“五停”", d(2022, 9, 13, 16), d(2022, 9, 15, 8)),
            ("WW-2212-R1", "暴雨", "黄", "壶镇镇、大洋镇、前路乡等", "未来6小时降雨量将达50毫米以上", d(2022, 9, 13, 20), d(2022, 9, 14, 8)),
            ("WW-2212-R2", "暴雨", "橙", "壶镇镇、大洋镇、前路乡、胡源乡等", "未来3小时降雨量将达50毫米以上,注意防范山洪地质灾害",
             d(2022, 9, 14, 8), d(2022, 9, 15, 6)),
            ("WW-2212-W1", "大风", "黄", "缙云县全境", "阵风可达9~10级", d(2022, 9, 14, 6), d(2022, 9, 15, 6)),
            ("WW-2212-G1", "地质灾害气象风险", "橙", "壶镇镇、大洋镇、方溪乡、前路乡", "地质灾害发生可能性大", d(2022, 9, 14, 10),
             d(2022, 9, 15, 10)),
        ]
        if self.scenario == "live":
            day0 = int((self.start + 8 * H) // D) * D - 8 * H
            for k in range(-3, 10):
                day = day0 + k * D
                if hnoise(self.seed, day // D, 5) < 0.5:
                    ww.append((f"WW-L{day // D}", "雷电", "黄", "缙云县全境", "午后至傍晚有雷阵雨,局地短时强降水",
                               day + 12 * H, day + 20 * H))
        self.warnings_list = ww
        # rescue teams, construction sites, road events
        self.team_sched: dict[str, list[tuple]] = {}
        for i, tm in enumerate(reg.teams):
            ev = [(self.epoch, "待命", tm["lon"], tm["lat"])]
            if self.scenario == "muifa":
                tgt = reg.townships[reg.t_by_code[KEY_TRANSFER[i % 3]]]
                ev += [(d(2022, 9, 13, 11) + i * 900, "出动", tgt["lon"], tgt["lat"]),
                       (d(2022, 9, 13, 13) + i * 900, "处置中", tgt["lon"], tgt["lat"]),
                       (d(2022, 9, 15, 8) + i * 600, "返回", tm["lon"], tm["lat"]),
                       (d(2022, 9, 15, 11) + i * 600, "待命", tm["lon"], tm["lat"])]
            elif self.scenario == "ceremony" and i < 3:
                lon, lat = reg.venue
                ev += [(CEREMONY_DAY + 6 * H + i * 600, "出动", lon, lat), (CEREMONY_DAY + 7 * H + i * 600, "处置中", lon, lat),
                       (CEREMONY_DAY + 12 * H, "返回", tm["lon"], tm["lat"]), (CEREMONY_DAY + 13 * H, "待命", tm["lon"], tm["lat"])]
            self.team_sched[tm["id"]] = ev
        self.site_sched = {}
        for i, s in enumerate(reg.sites):
            ev = [(self.epoch, "停工" if i % 13 == 5 else "施工")]
            if self.scenario == "muifa":
                ev += [(d(2022, 9, 13, 12) + (i % 6) * 600, "停工"), (d(2022, 9, 15, 14) + (i % 6) * 600, "施工")]
            self.site_sched[s["id"]] = ev
        self.road_events = []
        roads = ["G330国道", "S222省道", "诸永高速", "壶镇至大洋县道", "前路至溶江县道", "胡源乡村道", "方溪乡村道",
                 "东方镇村道", "新建至三溪县道", "仙都景区道路"]
        if self.scenario == "muifa":
            kinds = ["积水", "塌方", "封闭", "管制"]
            for i in range(14):
                tc = KEY_TRANSFER[i % 3] if i < 9 else reg.townships[r.randrange(18)]["code"]
                v = r.choice(reg.v_by_town[tc])
                lon, lat = reg.near(v["lon"], v["lat"], 1.0)
                st = d(2022, 9, 13, 20) + int(r.random() * 30 * H) // 60 * 60
                self.road_events.append((f"RE{i + 1:03d}", roads[i % len(roads)], kinds[i % 4], tc, lon, lat, st,
                                         st + 3 * H + int(r.random() * 14 * H) // 60 * 60))
        elif self.scenario == "ceremony":
            lon, lat = reg.venue
            self.road_events += [("RE001", "仙都景区道路", "管制", "331122003000", lon, lat - 0.004,
                                  CEREMONY_DAY + 6 * H, CEREMONY_DAY + 12 * H + 1800),
                                 ("RE002", "G330国道", "管制", "331122003000", lon - 0.02, lat - 0.006,
                                  CEREMONY_DAY + 7 * H, CEREMONY_DAY + 11 * H + 1800)]
        else:
            day0 = int((self.start + 8 * H) // D) * D - 8 * H
            for k in range(-2, 10):
                day = day0 + k * D
                i = k + 2
                v = reg.villages[int(hnoise(self.seed, day // D, 9) * len(reg.villages))]
                st = day + 9 * H + int(hnoise(self.seed, day // D, 10) * 6) * H
                self.road_events.append((f"RE-L{day // D}", roads[i % len(roads)], "管制", v["township_code"],
                                         v["lon"], v["lat"], st, st + 4 * H))
        self._build_ceremony()
        self._build_opinion()
        self._build_tasks()

    # ------------------------------------------------------------------ ceremony
    def _build_ceremony(self):
        c = CEREMONY_DAY
        m = 60
        # (name, planned start, planned end, actual start, actual end): 恭读祭文 runs late
        self.stages = [
            ("入场", c + 8 * H, c + 9 * H + 40 * m, c + 8 * H, c + 9 * H + 41 * m),
            ("肃立雅乐", c + 9 * H + 40 * m, c + 9 * H + 50 * m, c + 9 * H + 41 * m, c + 9 * H + 50 * m),
            ("敬献供品", c + 9 * H + 50 * m, c + 10 * H, c + 9 * H + 50 * m, c + 10 * H + 3 * m),
            ("恭读祭文", c + 10 * H, c + 10 * H + 10 * m, c + 10 * H + 3 * m, c + 10 * H + 17 * m),
            ("乐舞告祭", c + 10 * H + 10 * m, c + 10 * H + 25 * m, c + 10 * H + 17 * m, c + 10 * H + 31 * m),
            ("礼成", c + 10 * H + 25 * m, c + 10 * H + 30 * m, c + 10 * H + 31 * m, c + 10 * H + 35 * m),
            ("散场", c + 10 * H + 30 * m, c + 11 * H + 30 * m, c + 10 * H + 35 * m, c + 11 * H + 40 * m),
        ]
        r = random.Random(self.seed * 17 + 3)
        self.post_checkins = {}
        short = {"DP05": 1, "DP13": 2}   # these stay short
        for p in self.reg.posts:
            planned = c + p["plan_min"] * 60
            times = []
            for k in range(p["staff_required"]):
                if k < short.get(p["id"], 0):
                    times.append(None)
                elif r.random() < 0.12:
                    times.append(planned + int(r.uniform(1, 20)) * 60)
                else:
                    times.append(planned - int(r.uniform(3, 45)) * 60)
            self.post_checkins[p["id"]] = (planned, times)
        # main-zone density knots (minutes after midnight, persons/m²)
        self.dens_knots = [(0, 0.0), (6 * 60, 0.02), (7 * 60, 0.12), (8 * 60, 0.9), (8 * 60 + 45, 2.1), (9 * 60 + 15, 3.0),
                           (9 * 60 + 35, 3.55), (9 * 60 + 55, 4.25), (10 * 60 + 10, 4.45), (10 * 60 + 25, 3.9),
                           (10 * 60 + 40, 3.1), (11 * 60, 2.2), (11 * 60 + 40, 0.9), (13 * 60, 0.35), (17 * 60, 0.15),
                           (24 * 60, 0.0)]
        self.zone_share = {"EF01": 1.0, "EF02": 0.82, "EF03": 0.55, "EF04": 0.35, "EF05": 0.4, "EF06": 0.3}

    def density(self, zone_id: str, t: float) -> float:
        """Persons per usable m² in an e-fence zone at minute t."""
        day_min = ((t + 8 * H) % D) / 60.0
        is_day = CEREMONY_DAY <= t < CEREMONY_DAY + D
        if is_day and self.scenario == "ceremony":
            base = _interp(self.dens_knots, day_min, 1) or 0.0
            base *= self.zone_share[zone_id]
        else:
            base = 0.25 * max(0.0, math.sin(math.pi * (day_min - 8 * 60) / (9 * 60))) * (0.5 if zone_id == "EF06" else 1.0)
            if self.scenario == "muifa" and ts_of(2022, 9, 13, 12) <= t <= ts_of(2022, 9, 15, 18):
                base *= 0.05
        wob = 1.0 + 0.04 * (hnoise(self.seed, int(t // 60), int(zone_id[2:])) - 0.5)
        return base * wob

    def headcount(self, zi: int, t: float) -> int:
        z = self.reg.efence[zi]
        return int(self.density(z["id"], t) * z["usable_area_m2"])

    def _build_opinion(self):
        r = random.Random(self.seed * 19 + 7)
        pos = ["黄帝祭典直播太震撼了", "缙云烧饼配祭典,仪式感满满", "仙都风景如画,祭典庄严肃穆", "志愿者服务很贴心",
               "转移安置及时,为基层干部点赞", "避灾点饭菜热乎,谢谢政府", "应急队伍连夜排险辛苦了", "缙云麻鸭网上农博下单了"]
        neu = ["今日仙都景区交通管制信息", "祭典直播入口汇总", "台风最新路径发布", "缙云县发布防汛防台提示", "景区开放时间调整通知"]
        neg = ["祭祀广场人太多挤不进去", "停车场排长队一个小时", "安检排队太久有人中暑", "现场秩序有点乱,担心踩踏",
               "村里停电了什么时候恢复", "路面积水车开不过去", "山上有落石,道路危险"]
        srcs = ["微博", "抖音", "微信公众号", "今日头条", "本地论坛", "小红书"]
        items = []
        if self.scenario == "ceremony":
            t0, t1 = CEREMONY_DAY + 6 * H, CEREMONY_DAY + 15 * H
            t = t0
            while t < t1:
                mm = ((t + 8 * H) % D) / 60.0
                spike = 9 * 60 + 35 <= mm <= 10 * 60 + 15
                rate = 0.6 + 2.4 * math.exp(-((mm - 600) / 70.0) ** 2)   # items per minute
                t += int(60 / rate) + r.randint(0, 20)
                p_neg = 0.55 if spike else 0.08
                x = r.random()
                if x < p_neg:
                    title, sent = r.choice(neg[:4]), -r.uniform(0.35, 0.95)
                elif x < p_neg + 0.25:
                    title, sent = r.choice(neu[:3] + neu[4:]), r.uniform(-0.15, 0.15)
                else:
                    title, sent = r.choice(pos[:4] + pos[7:]), r.uniform(0.3, 0.95)
                items.append((t, r.choice(srcs), title, sent))
        else:
            a, b = (ts_of(2022, 9, 11), ts_of(2022, 9, 16)) if self.scenario == "muifa" else (self.start - D, self.start + 8 * D)
            t = a
            while t < b:
                ty = self.typhoon_at(t)
                rate = 0.06 + (0.5 if ty and ts_of(2022, 9, 13) <= t <= ts_of(2022, 9, 15, 12) else 0.0)
                t += int(60 / rate) + r.randint(0, 120)
                x = r.random()
                if self.scenario == "muifa" and x < 0.3:
                    title, sent = r.choice(neg[4:]), -r.uniform(0.3, 0.9)
                elif x < 0.6:
                    title, sent = r.choice(neu), r.uniform(-0.15, 0.15)
                else:
                    title, sent = r.choice(pos[4:] if self.scenario == "muifa" else pos[1:3] + pos[7:]), r.uniform(0.3, 0.9)
                items.append((t, r.choice(srcs), title, sent))
        self.opinion = [(f"OP{k + 1:05d}", *it) for k, it in enumerate(items)]
        self.op_times = [x[1] for x in self.opinion]

    def _build_tasks(self):
        """Background tasks already in the 协同处置 system (the posted ones live in commands.py)."""
        d = ts_of
        if self.scenario == "muifa":
            sched = [(d(2022, 9, 12, 9), "warning", "台风“梅花”防御工作提示", "应急管理局"),
                     (d(2022, 9, 13, 8, 30), "task", "壶镇镇第一梯次人员转移", "壶镇镇"),
                     (d(2022, 9, 13, 8, 40), "task", "大洋镇第一梯次人员转移", "大洋镇"),
                     (d(2022, 9, 13, 8, 50), "task", "前路乡第一梯次人员转移", "前路乡"),
                     (d(2022, 9, 13, 9), "task", "避灾安置点开放与物资保障", "民政局"),
                     (d(2022, 9, 13, 12), "task", "在建工地停工撤人(五停)", "住房和城乡建设局"),
                     (d(2022, 9, 13, 15), "task", "抽水泵、发电机前置到村", "应急管理局"),
                     (d(2022, 9, 14, 9), "warning", "小型水库超汛限水位预警", "水利局"),
                     (d(2022, 9, 14, 11), "warning", "地质灾害隐患点位移预警", "自然资源和规划局"),
                     (d(2022, 9, 14, 14), "task", "县道塌方抢通", "交通运输局"),
                     (d(2022, 9, 15, 7), "task", "转移人员返回安全评估", "应急管理局")]
        elif self.scenario == "ceremony":
            c = CEREMONY_DAY
            sched = [(c + 6 * H, "task", "祭典安保力量就位", "公安局"), (c + 6 * H + 1800, "task", "景区交通管制实施", "交通运输局"),
                     (c + 7 * H, "task", "直播信号联调", "融媒体中心"), (c + 7 * H + 1800, "task", "医疗保障点布设", "卫健局"),
                     (c + 8 * H + 1200, "warning", "停车场饱和预警", "交警大队"),
                     (c + 9 * H + 36 * 60, "warning", "祭祀广场人群密度橙色预警", "公安局"),
                     (c + 9 * H + 45 * 60, "task", "核心区限流与分流引导", "仙都街道"),
                     (c + 9 * H + 50 * 60, "warning", "负面舆情集中预警", "宣传部"),
                     (c + 10 * H + 40 * 60, "task", "散场疏导与公交接驳", "交通运输局")]
        else:
            s = int(self.start // 60) * 60
            sched = [(s - 3 * H, "task", "汛期山塘水库例行巡查", "水利局"), (s - H, "task", "应急物资月度盘点", "应急管理局"),
                     (s + 2 * H, "warning", "雷阵雨天气防范提示", "气象局")]
        self.bg_tasks = [(f"TK-S{k + 1:03d}", *x) for k, x in enumerate(sched)]
