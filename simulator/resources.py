"""The catalogue served over HTTP: one handler per (system, resource), state lists and paginated time series."""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable
from dataclasses import dataclass

from .commands import Commands
from .geo import km_xy, lonlat
from .scenario import CEREMONY_DAY, COLORS, MUIFA_TRACK, D, H, World, _interp, hnoise, iso, ts_of

SIX_HOURS = 6 * H


@dataclass
class Series:
    """A time series: `count` objects at every `step`-second slot; batch(slot, j0, j1) builds items j0..j1-1."""
    step: int
    count: int
    batch: Callable[[int, int, int], list]
    bounds: tuple[int, int] | None = None   # slots exist only inside [lo, hi]


class Catalogue:
    def __init__(self, world: World, commands: Commands):
        self.w = world
        self.reg = world.reg
        self.cmd = commands
        ep = world.epoch_iso
        reg = self.reg

        def static(rows, drop=()):
            return [{**{k: v for k, v in r.items() if k not in drop}, "updated_at": ep} for r in rows]

        self.static = {
            ("census", "townships"): static(reg.townships),
            ("census", "villages"): static(reg.villages),
            ("census", "bodies"): static(reg.bodies),
            ("geohazard", "points"): static(reg.geo_points),
            ("geohazard", "zones"): static(reg.zones),
            ("hydro", "reservoirs"): static(reg.reservoirs),
            ("iot", "probes"): static(reg.probes),
            ("supplies", "warehouses"): static(reg.warehouses),
            ("supplies", "categories"): static(reg.categories),
            ("supplies", "village_kits"): static(reg.village_kits),
            ("duty", "persons"): static(reg.resp_persons),
            ("duty", "command_units"): static(reg.command_units),
            ("efence", "zones"): static(reg.efence),
        }
        self.state: dict[tuple, Callable] = {
            ("iot", "alarms"): lambda t, s: world.alarms(t),
            ("weather", "warnings"): lambda t, s: self.warnings(t),
            ("weather", "typhoon_track"): lambda t, s: self.typhoon_track(t),
            ("supplies", "stock"): lambda t, s: commands.stock(t),
            ("supplies", "movements"): lambda t, s: commands.movements(t),
            ("supplies", "dispatch_orders"): lambda t, s: commands.orders(t),
            ("shelters", "shelters"): lambda t, s: world.shelters(t),
            ("transfers", "persons"): world.transfer_persons,
            ("rescue", "teams"): lambda t, s: self.teams(t),
            ("construction", "sites"): lambda t, s: self.sites(t),
            ("traffic", "events"): lambda t, s: self.road_events(t),
            ("opinion", "items"): lambda t, s: self.opinion(t),
            ("fleet", "vehicles"): lambda t, s: self.vehicles(t),
            ("checkin", "posts"): lambda t, s: self.posts(t),
            ("cowork", "response_levels"): lambda t, s: self.responses(t),
            ("cowork", "tasks"): lambda t, s: commands.tasks(t),
            ("cowork", "ceremony_stages"): lambda t, s: self.stages(t),
            ("cowork", "shared_items"): lambda t, s: self.shared(t),
        }
        cer = world.scenario == "ceremony"
        self.series = {
            ("iot", "readings"): Series(300, len(reg.probes), self._readings),
            ("hydro", "reservoir_readings"): Series(300, len(reg.reservoirs), self._res_readings),
            ("weather", "rainfall"): Series(H, len(reg.rain_gauges), self._rainfall),
            ("shelters", "occupancy"): Series(300, len(reg.shelters), self._occupancy),
            ("tourism", "stats"): Series(60, len(reg.spots), self._tourism),
            ("efence", "counts"): Series(60, len(reg.efence), self._efence),
            ("livestream", "stats"): Series(60, 1 if cer else 0, self._livestream,
                                            (CEREMONY_DAY + 7 * H, CEREMONY_DAY + 13 * H)),
        }
        self._prep_probes()

    def known(self, system: str, resource: str) -> bool:
        k = (system, resource)
        return k in self.static or k in self.state or k in self.series

    # ------------------------------------------------------------------ probe readings
    def _prep_probes(self):
        w, reg = self.w, self.reg
        res_idx = {x["id"]: i for i, x in enumerate(reg.reservoirs)}
        gp_idx = {x["id"]: i for i, x in enumerate(reg.geo_points)}
        self._pk = []
        for i, p in enumerate(reg.probes):
            k = p["kind"]
            if k == "rain":
                aux = w.g_index[p["id"]]
            elif k == "water_level":
                aux = res_idx[p["object_id"]]
            elif k == "displacement":
                aux = gp_idx[p["object_id"]]
            elif k == "soil_moisture":
                aux = w.zone_gauge[p["object_id"]]
            elif k == "wind":
                aux = w.nearest_gauge(p["lon"], p["lat"])
            else:
                aux = 0
            self._pk.append((p["id"], k, aux, p["threshold"], i))

    def _readings(self, slot: int, j0: int, j1: int) -> list[dict]:
        w = self.w
        ts = iso(slot)
        hour = (slot - 1) // H
        rain = w.rain_hour(hour)
        seed = w.seed
        res_cache: dict[int, float] = {}
        out = []
        for pid, k, aux, thr, i in self._pk[j0:j1]:
            if k == "video":
                off = hnoise(seed, i, hour) < 0.004
                out.append({"probe_id": pid, "observed_at": ts, "status": "offline" if off else "online", "value": None})
                continue
            if k == "rain":
                v = rain[aux]
            elif k == "water_level":
                v = res_cache.get(aux)
                if v is None:
                    v = res_cache[aux] = w.res_level(aux, slot)
            elif k == "displacement":
                v = w.displacement(aux, slot)
            elif k == "soil_moisture":
                v = w.soil(aux, slot)
            else:
                v = w.wind(aux, slot)
            if k in ("soil_moisture", "wind") and hnoise(seed, i, hour, 3) < 0.004:
                out.append({"probe_id": pid, "observed_at": ts, "status": "offline", "value": None})
                continue
            out.append({"probe_id": pid, "observed_at": ts, "status": "alarm" if v >= thr else "online", "value": v})
        return out

    def _res_readings(self, slot, j0, j1):
        ts = iso(slot)
        out = []
        for ri in range(j0, j1):
            lv, st, qi, qo = self.w.res_reading(ri, slot)
            out.append({"reservoir_id": self.reg.reservoirs[ri]["id"], "observed_at": ts, "level_m": lv,
                        "storage_10k_m3": st, "inflow_m3s": qi, "outflow_m3s": qo, "updated_at": ts})
        return out

    def _rainfall(self, slot, j0, j1):
        ts = iso(slot)
        hour = slot // H - 1
        r1 = self.w.rain_hour(hour)
        gs = self.reg.rain_gauges
        return [{"probe_id": gs[g]["id"], "observed_at": ts, "rain_1h_mm": r1[g], "rain_24h_mm": self.w.rain_24h(g, hour),
                 "updated_at": ts} for g in range(j0, j1)]

    def _occupancy(self, slot, j0, j1):
        ts = iso(slot)
        sh = self.reg.shelters
        return [{"shelter_id": sh[i]["id"], "observed_at": ts, "occupancy": self.w.shelter_occ(sh[i]["id"], slot),
                 "updated_at": ts} for i in range(j0, j1)]

    def _efence(self, slot, j0, j1):
        ts = iso(slot)
        out = []
        for zi in range(j0, j1):
            hc, prev = self.w.headcount(zi, slot), self.w.headcount(zi, slot - 60)
            churn = int(hc * 0.02 * (0.5 + hnoise(self.w.seed, slot // 60, zi, 11)))
            d = hc - prev
            out.append({"zone_id": self.reg.efence[zi]["id"], "observed_at": ts, "headcount": hc,
                        "inflow": max(d, 0) + churn, "outflow": max(-d, 0) + churn, "updated_at": ts})
        return out

    def _visit_profile(self, t: float) -> float:
        mm = ((t + 8 * H) % D) / 60.0
        base = max(0.0, math.sin(math.pi * (mm - 7.5 * 60) / (10 * 60)))
        if self.w.scenario == "muifa" and ts_of(2022, 9, 13, 12) <= t <= ts_of(2022, 9, 15, 18):
            return 0.0   # scenic spots closed (五停)
        return base

    def _tourism(self, slot, j0, j1):
        ts = iso(slot)
        cer_day = self.w.scenario == "ceremony" and CEREMONY_DAY <= slot < CEREMONY_DAY + D
        out = []
        mm = ((slot + 8 * H) % D) / 60.0
        cdf = min(1.0, max(0.0, (mm - 7 * 60) / (9 * 60)))
        for i in range(j0, j1):
            s = self.reg.spots[i]
            boost = 5.0 if cer_day and s["id"] in ("SP01", "SP02") else (1.8 if cer_day else 1.0)
            prof = self._visit_profile(slot)
            if cer_day and s["id"] in ("SP01", "SP02"):
                prof = max(prof, self.w.density("EF01", slot) / 4.5)
            visitors = int(1500 * s["weight"] * boost * prof * (0.95 + 0.1 * hnoise(self.w.seed, slot // 60, i)))
            daily = int(4000 * s["weight"] * boost) if self._visit_profile(slot - 3 * H) or prof else 0
            cap = s["parking_capacity"]
            out.append({"spot_id": s["id"], "spot_name": s["name"], "observed_at": ts, "visitors": visitors,
                        "tickets": int(daily * cdf), "parking_used": min(cap, int(cap * (0.08 + 1.1 * prof * min(1, boost / 2)))),
                        "parking_capacity": cap, "updated_at": ts})
        return out

    def _livestream(self, slot, j0, j1):
        ts = iso(slot)
        mm = ((slot + 8 * H) % D) / 60.0
        v = 8000 + 330000 * math.exp(-((mm - 605) / 55.0) ** 2) + 40000 * math.exp(-((mm - 540) / 90.0) ** 2)
        v *= 0.97 + 0.06 * hnoise(self.w.seed, slot // 60, 21)
        cdf = 1 / (1 + math.exp(-(mm - 600) / 28.0))
        return [{"observed_at": ts, "viewers": int(v), "shares": int(52000 * cdf), "likes": int(1260000 * cdf),
                 "reach_index": round(20 + 78 * min(1.0, v / 350000), 1), "updated_at": ts}]

    # ------------------------------------------------------------------ state lists
    def warnings(self, t):
        return [{"id": i, "kind": k, "color": c, "area": a, "text": x, "issued_at": iso(s), "expires_at": iso(e),
                 "updated_at": iso(s)} for i, k, c, a, x, s, e in self.w.warnings_list if s <= t]

    def typhoon_track(self, t):
        if self.w.typhoon_at(t) is None and not (self.w.scenario == "muifa" and t > MUIFA_TRACK[0][0]):
            return []
        first, last = MUIFA_TRACK[0][0], MUIFA_TRACK[-1][0]
        now_h = int(min(t, last) // H) * H
        out = []

        def point(at, fc, issued):
            lat, lon = _interp(MUIFA_TRACK, at, 1), _interp(MUIFA_TRACK, at, 2)
            wind, hpa = _interp(MUIFA_TRACK, at, 3), _interp(MUIFA_TRACK, at, 4)
            r10 = round((wind - 24.5) * 5.5 + 40, 0) if wind >= 24.5 else None
            return {"typhoon_id": "2212", "name": "梅花", "observed_at": iso(at), "is_forecast": fc,
                    "lat": round(lat, 2), "lon": round(lon, 2), "max_wind_ms": round(wind, 1), "pressure_hpa": round(hpa, 0),
                    "r7_km": round(100 + 5.5 * wind, 0), "r10_km": r10, "updated_at": iso(issued)}
        at = int(math.ceil(first / H)) * H
        while at <= now_h:   # hourly observed points up to the current one
            out.append(point(at, False, at))
            at += H
        for dh in (12, 24, 36, 48):
            fa = now_h + dh * H
            if fa <= last:
                out.append(point(fa, True, now_h))
        return out

    def _sched_state(self, ev, t):
        cur = ev[0]
        for e in ev:
            if e[0] <= t:
                cur = e
        return cur

    def teams(self, t):
        out = []
        for tm in self.reg.teams:
            ts, st, lon, lat = self._sched_state(self.w.team_sched[tm["id"]], t)
            out.append({**tm, "lon": lon, "lat": lat, "status": st, "updated_at": iso(ts)})
        return out

    def sites(self, t):
        out = []
        for s in self.reg.sites:
            ts, st = self._sched_state(self.w.site_sched[s["id"]], t)
            out.append({**s, "status": st, "updated_at": iso(ts)})
        return out

    def road_events(self, t):
        out = []
        for i, road, kind, tc, lon, lat, st, en in self.w.road_events:
            if st <= t:
                done = en <= t
                out.append({"id": i, "road": road, "kind": kind, "township_code": tc, "lon": lon, "lat": lat,
                            "status": "已解除" if done else "处置中", "started_at": iso(st), "ended_at": iso(en) if done else None,
                            "updated_at": iso(en if done else st)})
        return out

    def opinion(self, t):
        n = bisect.bisect_right(self.w.op_times, t)
        out = []
        for oid, ts, src, title, sent in self.w.opinion[:n]:
            out.append({"id": oid, "source": src, "title": title, "sentiment": round(sent, 3),
                        "label": "正面" if sent >= 0.2 else ("负面" if sent <= -0.2 else "中性"),
                        "published_at": iso(ts), "updated_at": iso(ts)})
        return out

    def vehicles(self, t):
        out = []
        period = 2 * H
        for _i, v in enumerate(self.reg.vehicles):
            off = int(v["phase"] / (2 * math.pi) * period)
            cyc = int((t + off) // period)
            ph = (t + off) - cyc * period
            start = cyc * period - off
            hx, hy = km_xy(*v["home"])
            if ph < 50 * 60:
                ang = v["phase"] + 2 * math.pi * ph / (50 * 60)
                frac = math.sin(math.pi * ph / (50 * 60))
                lon, lat = lonlat(hx + v["radius_km"] * frac * math.cos(ang), hy + v["radius_km"] * frac * math.sin(ang))
                if not self.reg.outline.contains(lon, lat):
                    lon, lat = v["home"]
                st, upd = "出车", int(t // 60) * 60
            elif ph < 60 * 60:
                lon, lat = v["home"]
                st, upd = "返回", start + 50 * 60
            else:
                lon, lat = v["home"]
                st, upd = "待命", start + 60 * 60
            out.append({"id": v["id"], "plate": v["plate"], "kind": v["kind"], "department": v["department"],
                        "lon": round(lon, 6), "lat": round(lat, 6), "status": st, "updated_at": iso(max(upd, self.w.epoch))})
        return out

    def posts(self, t):
        if self.w.scenario != "ceremony":
            return []
        out = []
        for p in self.reg.posts:
            planned, times = self.w.post_checkins[p["id"]]
            done = [x for x in times if x is not None and x <= t]
            upd = max([self.w.epoch] + done + ([planned] if t >= planned else []))
            missing = [nm for nm, x in zip(p["staff"], times, strict=True) if x is None or x > t]
            out.append({"id": p["id"], "post": p["post"], "department": p["department"], "location": p["location"],
                        "planned_at": iso(planned), "staff_required": p["staff_required"], "staff_checked_in": len(done),
                        "missing_names": "、".join(missing) if missing and t >= planned else None, "updated_at": iso(upd)})
        return out

    def responses(self, t):
        out = []
        for rid, lvl, reason, st, en in self.w.responses:
            if st <= t:
                done = en <= t
                out.append({"id": rid, "level": lvl, "reason": reason, "started_at": iso(st),
                            "ended_at": iso(en) if done else None, "updated_at": iso(en if done else st)})
        return out

    def stages(self, t):
        if self.w.scenario != "ceremony":
            return []
        out = []
        for k, (name, ps, pe, as_, ae) in enumerate(self.w.stages):
            upd = max(self.w.epoch, as_ if as_ <= t else 0, ae if ae <= t else 0)
            out.append({"id": f"ST{k + 1:02d}", "seq": k + 1, "name": name, "planned_start": iso(ps), "planned_end": iso(pe),
                        "actual_start": iso(as_) if as_ <= t else None, "actual_end": iso(ae) if ae <= t else None,
                        "updated_at": iso(upd)})
        return out

    def shared(self, t):
        w = self.w
        slot = int(t // 60) * 60
        tour = self._tourism(slot, 0, len(self.reg.spots))
        ef = self._efence(slot, 0, len(self.reg.efence))
        main = self.reg.efence[0]
        dens = ef[0]["headcount"] / main["usable_area_m2"]
        live = self._livestream(slot, 0, 1)[0] if w.scenario == "ceremony" and CEREMONY_DAY + 7 * H <= t <= CEREMONY_DAY + 13 * H else None
        ops = self.opinion(t)
        neg = sum(1 for o in ops if o["label"] == "负面")
        posts = self.posts(t)
        need = sum(p["staff_required"] for p in posts)
        got = sum(p["staff_checked_in"] for p in posts)
        veh = self.vehicles(t)
        tasks = self.cmd.tasks(t)
        rain = w.rain_hour(int(t // H))
        mm = ((t + 8 * H) % D) / 60.0
        items = [
            ("智慧文旅", "今日游客量", sum(x["tickets"] for x in tour), "人次"),
            ("智慧文旅", "景区在园人数", sum(x["visitors"] for x in tour), "人"),
            ("智慧文旅", "门票核销数", int(sum(x["tickets"] for x in tour) * 0.93), "张"),
            ("智慧文旅", "停车位余量", sum(x["parking_capacity"] - x["parking_used"] for x in tour), "个"),
            ("网上农博", "缙云烧饼今日销量", int(2000 + 9000 * min(1, max(0, (mm - 420) / 420))), "个"),
            ("网上农博", "农特产品今日销售额", round(3.2 + 18.5 * min(1, max(0, (mm - 420) / 420)), 1), "万元"),
            ("网上农博", "直播带货订单", int(300 + 4200 * min(1, max(0, (mm - 480) / 300))), "单"),
            ("中青华云舆情", "舆情总量", len(ops), "条"),
            ("中青华云舆情", "负面舆情数", neg, "条"),
            ("中青华云舆情", "正面占比", round(100 * sum(1 for o in ops if o["label"] == "正面") / max(1, len(ops)), 1), "%"),
            ("公车调度", "出车数", sum(1 for v in veh if v["status"] == "出车"), "辆"),
            ("公车调度", "待命车辆", sum(1 for v in veh if v["status"] == "待命"), "辆"),
            ("电子围栏", "核心区人数", ef[0]["headcount"], "人"),
            ("电子围栏", "核心区密度", round(dens, 2), "人/平方米"),
            ("电子围栏", "总在场人数", sum(x["headcount"] for x in ef), "人"),
            ("直播", "直播观看人数", live["viewers"] if live else 0, "人"),
            ("直播", "点赞数", live["likes"] if live else 0, "次"),
            ("直播", "分享数", live["shares"] if live else 0, "次"),
            ("到岗签到", "应到人数", need, "人"),
            ("到岗签到", "已到人数", got, "人"),
            ("到岗签到", "到岗率", round(100 * got / need, 1) if need else 0, "%"),
            ("气象", "气温", round(16 + 6 * math.sin(math.pi * (mm - 9 * 60) / (12 * 60)), 1), "℃"),
            ("气象", "全县平均小时雨量", round(sum(rain) / len(rain), 1), "毫米"),
            ("气象", "最大小时雨量", max(rain), "毫米"),
            ("交通", "进城车流量", int(400 + 1800 * self._visit_profile(t)), "辆/小时"),
            ("交通", "交通管制路段", sum(1 for e in self.road_events(t) if e["status"] == "处置中"), "处"),
            ("协同处置", "任务总数", len(tasks), "件"),
            ("协同处置", "已闭环任务", sum(1 for x in tasks if x["stage"] == "评价反馈"), "件"),
            ("文化资料", "祭典文化资料条目", 1286, "条"),
            ("活动任务", "活动任务完成率", round(100 * min(1.0, max(0.0, (mm - 360) / 360)), 1), "%"),
        ]
        upd = iso(max(w.epoch, int(t // 300) * 300))
        return [{"id": f"SI{k + 1:02d}", "name": n, "source_system": s, "value": str(v), "unit": u,
                 "updated_at": w.epoch_iso if n == "祭典文化资料条目" else upd} for k, (s, n, v, u) in enumerate(items)]


__all__ = ["Catalogue", "Series", "COLORS"]
