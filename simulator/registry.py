"""The deterministic registry: every static object of the county (counts match REFERENCE.md exactly)."""

from __future__ import annotations

import json
import math
import random

from .geo import Outline, km_xy, lonlat

# name, code, lon, lat (approximate seats, 示意), area km² (None where REFERENCE has none), population
TOWNSHIPS = [
    ("五云街道", "331122001000", 120.078, 28.658, None, 78500),
    ("新碧街道", "331122002000", 120.045, 28.625, None, 36200),
    ("仙都街道", "331122003000", 120.145, 28.678, None, 24100),
    ("壶镇镇", "331122101000", 120.255, 28.840, 228.0, 71200),
    ("新建镇", "331122102000", 119.995, 28.600, 216.0, 38600),
    ("舒洪镇", "331122103000", 120.170, 28.725, 65.2, 18900),
    ("大洋镇", "331122105000", 120.270, 28.615, 150.0, 15300),
    ("东渡镇", "331122106000", 120.070, 28.765, 127.8, 21700),
    ("东方镇", "331122107000", 120.220, 28.765, 81.0, 19800),
    ("大源镇", "331122108000", 119.975, 28.775, 93.2, 14600),
    ("七里乡", "331122203000", 120.055, 28.672, 61.4, 9800),
    ("前路乡", "331122206000", 119.925, 28.735, 43.3, 7900),
    ("三溪乡", "331122207000", 120.150, 28.560, None, 8600),
    ("溶江乡", "331122208000", 119.990, 28.665, 50.0, 9100),
    ("双溪口乡", "331122209000", 120.200, 28.550, 32.0, 5700),
    ("胡源乡", "331122210000", 120.290, 28.905, 44.5, 9300),
    ("方溪乡", "331122211000", 120.250, 28.470, 33.0, 6100),
    ("石笕乡", "331122212000", 120.340, 28.750, 53.4, 9918),
]
assert sum(t[5] for t in TOWNSHIPS) == 405318
KEY_TRANSFER = ("331122101000", "331122105000", "331122206000")  # 壶镇镇 大洋镇 前路乡

N_VILLAGES = 252
N_FLASH_FLOOD = 228
N_PROBES = 10396
N_GEO_POINTS = 13
N_ZONES = 230
N_RESERVOIRS = 84
N_SHELTERS = 136
N_TRANSFER = 10497
N_CATEGORIES = 58
PROBE_MIX = {"rain": 300, "water_level": 126, "displacement": 39, "soil_moisture": 120, "wind": 60}
KITS = {"卫星电话": 302, "抽水泵": 300, "应急发电机": 630, "四小件": 3600}
ROLES = {"地质灾害巡查员": 181, "山塘水库巡查员": 455, "山洪灾害预警员": 260}
SPECIAL_HQS = ["防汛防台抗旱指挥部", "森林防灭火指挥部", "抗震救灾指挥部", "突发地质灾害应急指挥部", "减灾委员会"]
MEMBER_UNITS = ["应急管理局", "气象局", "水利局", "自然资源和规划局", "交通运输局", "住房和城乡建设局", "林业局"]
RISK_LISTS = ["地质灾害", "小流域山洪", "城镇内涝", "危旧房", "交通运输", "安全生产", "人员转移", "山塘水库"]

SURNAMES = ("李王陈朱应吕胡赵丁杜周楼施潜樊张刘杨黄吴徐孙马何郭林罗郑谢叶沈蒋金陶俞虞"
            "章方汪钟许傅卢蔡程潘丁田任姚邵钱孔")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玲海燕晓文斌波辉鹏飞宇浩俊峰琴云春梅兰"
         "新民金水根土法林松荣福德忠良庆宏伟婷雪莉丹倩佳欣怡子涵梓睿轩诗雨晨阳宁卫东")
PHONE_PREFIX = ("133", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159",
                "180", "182", "187", "188", "189", "130", "131", "132", "155", "156", "185", "186", "177")
VILLAGE_A = "上下东西南北前后大小新中黄白石岩竹桃杨梅金马龙凤溪湖"
VILLAGE_B = "溪坑岙岭坞山塘源坪田垟湖桥宅口头洋庄店畈湾岗"
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def rect_polygon(lon: float, lat: float, w_m: float, h_m: float, angle: float) -> list[list[float]]:
    x0, y0 = km_xy(lon, lat)
    ca, sa = math.cos(angle), math.sin(angle)
    pts = []
    for dx, dy in ((-w_m / 2, -h_m / 2), (w_m / 2, -h_m / 2), (w_m / 2, h_m / 2), (-w_m / 2, h_m / 2), (-w_m / 2, -h_m / 2)):
        x = x0 + (dx * ca - dy * sa) / 1000
        y = y0 + (dx * sa + dy * ca) / 1000
        px, py = lonlat(x, y)
        pts.append([round(px, 6), round(py, 6)])
    return pts


class Registry:
    """Builds every registry list once from random.Random(seed); records hold the warehouse column names."""

    def __init__(self, seed: int = 2212):
        self.seed = seed
        self.r = random.Random(seed)
        self.outline = Outline()
        self._names_used: set[str] = set()
        self._build_townships()
        self._build_villages()
        self._build_geohazard()
        self._build_zones()
        self._build_reservoirs()
        self._build_spots_sites()
        self._build_shelters()
        self._build_probes()
        self._build_bodies()
        self._build_supplies()
        self._build_people()
        self._build_misc()

    # ---------------------------------------------------------------- helpers
    def person_name(self) -> str:
        r = self.r
        g = r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.75 else "")
        return r.choice(SURNAMES) + g

    def phone(self) -> str:
        return self.r.choice(PHONE_PREFIX) + f"{self.r.randrange(10**8):08d}"

    def nearest_township(self, lon: float, lat: float) -> int:
        x, y = km_xy(lon, lat)
        best, bi = 1e18, 0
        for i, (tx, ty) in enumerate(self.t_xy):
            d = (x - tx) ** 2 + (y - ty) ** 2
            if d < best:
                best, bi = d, i
        return bi

    def near(self, lon: float, lat: float, radius_km: float, tries: int = 60) -> tuple[float, float]:
        """A random point inside the outline within radius_km of (lon, lat)."""
        x0, y0 = km_xy(lon, lat)
        for _ in range(tries):
            a = self.r.uniform(0, 2 * math.pi)
            d = radius_km * math.sqrt(self.r.random())
            px, py = lonlat(x0 + d * math.cos(a), y0 + d * math.sin(a))
            if self.outline.contains(px, py):
                return round(px, 6), round(py, 6)
        return lon, lat

    def in_township(self, ti: int) -> tuple[float, float]:
        """A random point inside the outline whose nearest seat is township ti (its 示意 area)."""
        lon, lat = TOWNSHIPS[ti][2], TOWNSHIPS[ti][3]
        for radius in (9, 14, 20):
            for _ in range(200):
                px, py = self.near(lon, lat, radius, tries=1)
                if (px, py) != (lon, lat) and self.nearest_township(px, py) == ti:
                    return px, py
        return lon, lat

    # ---------------------------------------------------------------- builders
    def _build_townships(self):
        self.townships = [
            {"code": c, "name": n, "lon": lo, "lat": la, "area_km2": a, "population": p}
            for n, c, lo, la, a, p in TOWNSHIPS
        ]
        self.t_xy = [km_xy(t["lon"], t["lat"]) for t in self.townships]
        self.t_by_code = {t["code"]: i for i, t in enumerate(self.townships)}

    def _build_villages(self):
        r = self.r
        # share villages by the township's 示意 area inside the outline
        counts = [0] * len(TOWNSHIPS)
        rs = random.Random(self.seed + 1)
        x0, y0, x1, y1 = self.outline.bbox
        n = 0
        while n < 6000:
            px, py = rs.uniform(x0, x1), rs.uniform(y0, y1)
            if self.outline.contains(px, py):
                counts[self.nearest_township(px, py)] += 1
                n += 1
        # known areas (REFERENCE) where there are some, the 示意 area share elsewhere
        weight = [t["area_km2"] or 1503.52 * c / n for t, c in zip(self.townships, counts, strict=True)]
        alloc = [max(6, round(N_VILLAGES * w / sum(weight))) for w in weight]
        while sum(alloc) > N_VILLAGES:
            alloc[alloc.index(max(alloc))] -= 1
        while sum(alloc) < N_VILLAGES:
            alloc[alloc.index(min(alloc))] += 1
        self.villages = []
        names: set[str] = set()
        for ti, k in enumerate(alloc):
            t = self.townships[ti]
            street = t["name"].endswith("街道")
            for j in range(k):
                while True:
                    nm = r.choice(VILLAGE_A) + r.choice(VILLAGE_B) + ("社区" if street and j < k // 2 else "村")
                    if nm not in names:
                        names.add(nm)
                        break
                lon, lat = self.in_township(ti)
                pop = r.randint(400, 3200) if not street else r.randint(1500, 6000)
                self.villages.append({
                    "code": t["code"][:9] + f"{(1 if street and j < k // 2 else 200) + j:03d}",
                    "name": nm, "township_code": t["code"], "lon": lon, "lat": lat, "population": pop,
                    "flash_flood_key": False,
                })
        # 228 flash-flood key villages: the mountain villages first (not the street communities)
        order = sorted(range(len(self.villages)), key=lambda i: (self.villages[i]["name"].endswith("社区"), r.random()))
        for i in order[:N_FLASH_FLOOD]:
            self.villages[i]["flash_flood_key"] = True
        self.v_by_code = {v["code"]: v for v in self.villages}
        self.v_by_town: dict[str, list[dict]] = {}
        for v in self.villages:
            self.v_by_town.setdefault(v["township_code"], []).append(v)

    def _pick_village(self, towns: tuple[str, ...] | None = None) -> dict:
        if towns:
            return self.r.choice(self.v_by_town[self.r.choice(towns)])
        return self.r.choice(self.villages)

    def _build_geohazard(self):
        r = self.r
        kinds = ["滑坡"] * 8 + ["崩塌"] * 3 + ["泥石流"] * 2
        towns = ("331122101000", "331122105000", "331122206000", "331122102000", "331122210000",
                 "331122211000", "331122108000", "331122209000", "331122212000")
        self.geo_points = []
        for i in range(N_GEO_POINTS):
            v = self._pick_village((towns[i % len(towns)],))
            lon, lat = self.near(v["lon"], v["lat"], 1.2)
            self.geo_points.append({
                "id": f"GH{i + 1:03d}", "name": f"{v['name'][:-1]}{kinds[i]}隐患点", "kind": kinds[i],
                "township_code": v["township_code"], "village_code": v["code"], "lon": lon, "lat": lat,
                "threatened_people": r.randint(12, 160), "threatened_property_wan": round(r.uniform(50, 1200), 1),
            })

    def _build_zones(self):
        r = self.r
        kinds = ["地质灾害"] * 90 + ["山洪"] * 110 + ["内涝"] * 30
        # people in the zones sum to exactly 10,497; the key transfer townships hold more zones
        weights = [3.0 if t["code"] in KEY_TRANSFER else 1.0 for t in self.townships]
        self.zones = []
        people = [r.randint(15, 80) for _ in range(N_ZONES)]
        scale = N_TRANSFER / sum(people)
        people = [max(8, int(p * scale)) for p in people]
        i = 0
        while sum(people) != N_TRANSFER:
            people[i % N_ZONES] += 1 if sum(people) < N_TRANSFER else -1
            i += 1
        for i in range(N_ZONES):
            ti = r.choices(range(len(self.townships)), weights)[0]
            tcode = self.townships[ti]["code"]
            vs = self.v_by_town[tcode]
            if kinds[i] == "山洪":
                vs = [v for v in vs if v["flash_flood_key"]] or vs
            v = r.choice(vs)
            while True:
                lon, lat = self.near(v["lon"], v["lat"], 0.8)
                w, h = r.uniform(120, 420), r.uniform(90, 300)
                poly = rect_polygon(lon, lat, w, h, r.uniform(0, math.pi))
                if all(self.outline.contains(p[0], p[1]) for p in poly):
                    break
            self.zones.append({
                "id": f"RZ{i + 1:03d}", "name": f"{v['name'][:-1]}{kinds[i]}风险防范区", "kind": kinds[i],
                "township_code": tcode, "village_code": v["code"], "lon": lon, "lat": lat,
                "polygon": json.dumps(poly, separators=(",", ":")), "people": people[i],
                "households": max(3, round(people[i] / r.uniform(2.4, 3.2))),
            })

    def _build_reservoirs(self):
        r = self.r
        scales = ["中型"] * 4 + ["小(一)型"] * 20 + ["小(二)型"] * 60
        self.reservoirs = []
        for i, sc in enumerate(scales):
            v = self._pick_village()
            lon, lat = self.near(v["lon"], v["lat"], 2.5)
            cap = {"中型": r.uniform(1000, 4800), "小(一)型": r.uniform(100, 950)}.get(sc, r.uniform(10, 95))
            base = r.uniform(80, 520)
            flood = round(base + r.uniform(8, 40), 2)
            normal = round(flood + r.uniform(0.3, 1.5), 2)
            crest = round(normal + r.uniform(1.8, 4.5), 2)
            self.reservoirs.append({
                "id": f"RS{i + 1:03d}", "name": f"{v['name'][:-1]}水库", "scale": sc,
                "township_code": v["township_code"], "lon": lon, "lat": lat,
                "capacity_10k_m3": round(cap, 1), "normal_level_m": normal,
                "flood_limit_level_m": flood, "crest_level_m": crest,
            })

    def _build_spots_sites(self):
        r = self.r
        self.venue = (120.152, 28.672)  # 黄帝祠宇 beside 鼎湖峰, 仙都
        spots = [("SP01", "仙都景区(鼎湖峰)", 0.0, 0.3, 1200), ("SP02", "黄帝祠宇", 0.0, 0.0, 600),
                 ("SP03", "小赤壁", 0.9, -0.6, 200), ("SP04", "倪翁洞", -0.8, 0.7, 150),
                 ("SP05", "芙蓉峡", 1.6, 1.4, 300), ("SP06", "河阳古民居", -16.0, 6.5, 400),
                 ("SP07", "岩门大峡谷", 12.0, -13.0, 250), ("SP08", "大洋山", 18.0, -6.5, 300)]
        vx, vy = km_xy(*self.venue)
        self.spots = []
        for sid, name, dx, dy, park in spots:
            lon, lat = lonlat(vx + dx, vy + dy)
            self.spots.append({"id": sid, "name": name, "lon": round(lon, 6), "lat": round(lat, 6),
                               "parking_capacity": park, "weight": park / 1200})
        names = ["G330国道改建", "诸永高速连接线", "缙云西站综合枢纽", "好溪堤防加固", "壶镇工业园标准厂房",
                 "新碧安置小区", "仙都游客中心改造", "大洋水库除险加固", "县第二人民医院迁建", "城北污水管网",
                 "舒洪中学教学楼", "东方镇农房改造", "溶江乡村道拓宽", "前路乡山塘整治", "五云街道老旧小区改造"]
        self.sites = []
        for i in range(40):
            v = self._pick_village()
            lon, lat = self.near(v["lon"], v["lat"], 1.5)
            nm = names[i] if i < len(names) else f"{v['name'][:-1]}{r.choice(['农房改造', '道路硬化', '河道整治', '厂房建设', '安置房'])}工程"
            self.sites.append({"id": f"CS{i + 1:03d}", "name": nm, "township_code": v["township_code"],
                               "lon": lon, "lat": lat, "workers": r.randint(12, 260)})

    def _build_shelters(self):
        r = self.r
        self.shelters = []
        for i in range(N_SHELTERS):
            v = self.villages[(i * len(self.villages)) // N_SHELTERS]
            lon, lat = self.near(v["lon"], v["lat"], 0.5)
            kind = r.choice(["文化礼堂", "村委会", "中心学校", "避灾安置中心", "老年活动中心"])
            self.shelters.append({"id": f"SH{i + 1:03d}", "name": f"{v['name'][:-1]}{kind}避灾安置点",
                                  "township_code": v["township_code"], "village_code": v["code"],
                                  "lon": lon, "lat": lat, "capacity": r.choice([40, 60, 80, 100, 120, 150, 200, 300])})

    def _build_probes(self):
        r = self.r
        kinds: list[str] = []
        for k, n in PROBE_MIX.items():
            kinds += [k] * n
        kinds += ["video"] * (N_PROBES - len(kinds))
        cn = {"video": "视频", "rain": "雨量站", "water_level": "水位站", "displacement": "位移计",
              "soil_moisture": "土壤含水率计", "wind": "风速仪"}
        unit = {"rain": "mm/h", "displacement": "mm", "soil_moisture": "%", "wind": "m/s", "water_level": "m"}
        thr = {"rain": 20.0, "displacement": 20.0, "soil_moisture": 50.0, "wind": 17.2}
        video_targets = ([("reservoir", o) for o in self.reservoirs for _ in range(6)]
                         + [("geohazard_point", o) for o in self.geo_points for _ in range(4)]
                         + [("zone", o) for o in self.zones for _ in range(4)]
                         + [("construction_site", o) for o in self.sites for _ in range(3)]
                         + [("scenic_spot", o) for o in self.spots for _ in range(20)])
        self.probes = []
        counters: dict[str, int] = {}
        vi = 0
        zones_geo = [z for z in self.zones if z["kind"] == "地质灾害"]
        for i, kind in enumerate(kinds):
            pid = f"PRB{i + 1:05d}"
            threshold = thr.get(kind)
            if kind == "rain":
                v = self.villages[i % len(self.villages)] if i < len(self.villages) else self._pick_village()
                otype, obj, rad = "village", v, 1.0
            elif kind == "water_level":
                otype, obj, rad = "reservoir", self.reservoirs[i % N_RESERVOIRS], 0.2
                threshold = obj["flood_limit_level_m"]
            elif kind == "displacement":
                otype, obj, rad = "geohazard_point", self.geo_points[i % N_GEO_POINTS], 0.15
            elif kind == "soil_moisture":
                otype, obj, rad = "zone", zones_geo[i % len(zones_geo)], 0.2
            elif kind == "wind":
                v = self.villages[(i * 7) % len(self.villages)]
                otype, obj, rad = "village", v, 1.0
            else:
                if vi < len(video_targets):
                    otype, obj = video_targets[vi]
                    rad = 0.3
                else:
                    otype, obj, rad = r.choice(("village", "road")), self._pick_village(), 1.5
                vi += 1
            lon, lat = self.near(obj["lon"], obj["lat"], rad)
            tcode = obj.get("township_code") or self.townships[self.nearest_township(lon, lat)]["code"]
            oid = obj.get("id") or obj.get("code")
            if otype == "road":
                oid = f"RD-{obj['code']}"
            counters[oid + kind] = counters.get(oid + kind, 0) + 1
            self.probes.append({
                "id": pid, "name": f"{obj['name']}{cn[kind]}{counters[oid + kind]}号", "kind": kind,
                "township_code": tcode, "lon": lon, "lat": lat, "object_type": otype, "object_id": oid,
                "unit": unit.get(kind), "threshold": threshold,
                "stream_url": f"rtsp://127.0.0.1/video/{pid}" if kind == "video" else None,
            })
        self.rain_gauges = [p for p in self.probes if p["kind"] == "rain"]

    def _build_bodies(self):
        r = self.r
        spec = {  # kind: (count, lists, value range 万元, vulnerability (a,b), occupants range, fortification (a,b))
            "school": (60, ["城镇内涝", "人员转移"], (800, 9000), (2, 4), (200, 2500), (5, 3)),
            "hospital": (18, ["城镇内涝"], (2000, 30000), (3, 3), (80, 900), (6, 2)),
            "nursing_home": (30, ["人员转移", "小流域山洪"], (200, 3000), (6, 2), (20, 180), (3, 4)),
            "shelter": (40, ["人员转移"], (100, 1500), (2, 5), (0, 300), (5, 2)),
            "dilapidated_house": (120, ["危旧房", "地质灾害"], (5, 80), (7, 2), (2, 9), (2, 6)),
            "construction_site": (40, ["安全生产"], (500, 20000), (3, 3), (12, 260), (3, 3)),
            "reservoir": (40, ["山塘水库"], (300, 12000), (3, 3), (0, 10), (4, 3)),
            "bridge_road": (60, ["交通运输", "小流域山洪"], (200, 25000), (3, 4), (0, 50), (4, 3)),
            "hazmat": (20, ["安全生产"], (500, 15000), (4, 3), (10, 200), (4, 2)),
            "scenic": (30, ["地质灾害", "小流域山洪"], (300, 20000), (3, 3), (50, 5000), (3, 3)),
            "crowded_venue": (42, ["城镇内涝", "人员转移"], (500, 18000), (3, 3), (100, 3000), (4, 3)),
        }
        names = {"school": "学校", "hospital": "卫生院", "nursing_home": "养老院", "shelter": "避灾点",
                 "dilapidated_house": "危旧房", "construction_site": "在建工地", "reservoir": "山塘",
                 "bridge_road": "桥梁", "hazmat": "危化品企业", "scenic": "景点", "crowded_venue": "商贸市场"}
        self.bodies = []
        n = 0
        for kind, (cnt, lists, (v0, v1), vb, (o0, o1), fb) in spec.items():
            for j in range(cnt):
                v = self._pick_village()
                lon, lat = self.near(v["lon"], v["lat"], 1.0)
                n += 1
                self.bodies.append({
                    "id": f"BD{n:04d}", "name": f"{v['name'][:-1]}{names[kind]}{j + 1}",
                    "kind": kind, "risk_list": lists[j % len(lists)],
                    "township_code": v["township_code"], "village_code": v["code"], "lon": lon, "lat": lat,
                    "asset_value_wan": round(math.exp(r.uniform(math.log(v0), math.log(v1))), 1),
                    "vulnerability": round(r.betavariate(*vb), 3), "occupants": r.randint(o0, o1),
                    "fortification": round(r.betavariate(*fb), 3),
                })

    def _build_supplies(self):
        r = self.r
        self.warehouses = []
        county_names = ["县应急物资储备中心库", "县防汛物资仓库", "县救灾物资储备库", "县森林防火物资库",
                        "县水利抢险物资库", "县交通应急物资库", "县卫健应急物资库", "县消防救援物资库",
                        "县地灾应急物资库", "县粮食应急储备库", "县电力抢修物资库", "县通信保障物资库",
                        "县城北物资分库", "县城南物资分库", "县仙都物资分库", "县壶镇片区物资分库",
                        "县新建片区物资分库", "县大洋片区物资分库", "县东方片区物资分库", "县舒洪片区物资分库",
                        "县东渡片区物资分库", "县大源片区物资分库", "县红十字会物资库", "县民政救助物资库",
                        "县建设系统抢险物资库"]
        hubs = ["331122001000"] * 6 + ["331122002000"] * 4 + ["331122203000"] * 2 + ["331122001000"]
        hubs += ["331122002000", "331122003000", "331122101000", "331122102000", "331122105000",
                 "331122107000", "331122103000", "331122106000", "331122108000", "331122001000",
                 "331122002000", "331122003000"]
        for i, nm in enumerate(county_names):
            t = self.townships[self.t_by_code[hubs[i]]]
            lon, lat = self.near(t["lon"], t["lat"], 2.5)
            self.warehouses.append({"id": f"WH{i + 1:02d}", "name": nm, "level": "county",
                                    "township_code": t["code"], "lon": lon, "lat": lat})
        for j, t in enumerate(self.townships):
            lon, lat = self.near(t["lon"], t["lat"], 0.6)
            self.warehouses.append({"id": f"WH{26 + j:02d}", "name": f"{t['name']}应急物资储备库", "level": "township",
                                    "township_code": t["code"], "lon": lon, "lat": lat})
        cats = [  # name, unit, kind, typical quantity per holding warehouse
            ("编织袋", "条", "防汛抢险", 900000), ("麻袋", "条", "防汛抢险", 300000), ("土工布", "平方米", "防汛抢险", 120000),
            ("防汛沙袋", "袋", "防汛抢险", 500000), ("彩条布", "平方米", "防汛抢险", 80000), ("铁丝", "千克", "防汛抢险", 6000),
            ("木桩", "根", "防汛抢险", 9000), ("钢管", "根", "防汛抢险", 4000), ("抽水泵", "台", "排涝设备", 40),
            ("应急发电机", "台", "电力保障", 30), ("移动照明灯塔", "台", "照明", 12), ("强光手电", "个", "照明", 800),
            ("头灯", "个", "照明", 600), ("卫星电话", "部", "通信", 20), ("对讲机", "部", "通信", 120),
            ("应急广播", "套", "通信", 15), ("冲锋舟", "艘", "水上救援", 3), ("橡皮艇", "艘", "水上救援", 5),
            ("救生衣", "件", "水上救援", 1500), ("救生圈", "个", "水上救援", 400), ("救生绳", "米", "水上救援", 5000),
            ("抛投器", "套", "水上救援", 10), ("雨衣", "件", "个人防护", 3000), ("雨鞋", "双", "个人防护", 2500),
            ("安全帽", "顶", "个人防护", 2000), ("反光背心", "件", "个人防护", 1500), ("防护手套", "副", "个人防护", 20000),
            ("医用口罩", "只", "医疗防疫", 400000), ("消毒片", "片", "医疗防疫", 300000), ("急救包", "个", "医疗防疫", 600),
            ("担架", "副", "医疗防疫", 80), ("帐篷", "顶", "生活保障", 200), ("折叠床", "张", "生活保障", 600),
            ("棉被", "床", "生活保障", 1500), ("毛毯", "条", "生活保障", 1500), ("睡袋", "个", "生活保障", 800),
            ("矿泉水", "瓶", "生活保障", 60000), ("方便食品", "份", "生活保障", 40000), ("饼干", "箱", "生活保障", 2000),
            ("大米", "千克", "生活保障", 30000), ("食用油", "升", "生活保障", 3000), ("毛巾", "条", "生活保障", 5000),
            ("洗漱包", "套", "生活保障", 3000), ("油锯", "台", "森林防火", 40), ("风力灭火机", "台", "森林防火", 60),
            ("灭火拍", "把", "森林防火", 2000), ("二号工具", "把", "森林防火", 1500), ("灭火器", "具", "消防", 800),
            ("消防水带", "盘", "消防", 300), ("破拆工具组", "套", "抢险救援", 10), ("液压剪扩器", "套", "抢险救援", 6),
            ("铁锹", "把", "抢险救援", 3000), ("镐头", "把", "抢险救援", 1500), ("编织网兜", "个", "防汛抢险", 100000),
            ("警戒带", "米", "抢险救援", 20000), ("无人机", "架", "侦察", 3), ("便携式照明", "套", "照明", 200),
            ("应急电源", "台", "电力保障", 60),
        ]
        assert len(cats) == N_CATEGORIES
        self.categories = [{"code": f"C{i + 1:02d}", "name": n, "unit": u, "kind": k} for i, (n, u, k, _) in enumerate(cats)]
        self.cat_by_name = {c["name"]: c["code"] for c in self.categories}
        self.stock_base = []
        for w in self.warehouses:
            county = w["level"] == "county"
            held = range(N_CATEGORIES) if w["id"] == "WH01" else sorted(r.sample(range(N_CATEGORIES), r.randint(30, 50) if county else r.randint(18, 32)))
            for ci in held:
                q = max(1, int(cats[ci][3] * (1.0 if county else 0.25) * r.uniform(0.4, 1.6)))
                self.stock_base.append({"warehouse_id": w["id"], "category_code": f"C{ci + 1:02d}",
                                        "quantity": q, "min_quantity": max(1, int(q * r.uniform(0.3, 0.7)))})
        target = 37_160_000 + random.Random(self.seed + 7).randint(3_000, 6_000)
        scale = target * 0.97 / sum(s["quantity"] for s in self.stock_base)
        for s in self.stock_base:
            s["quantity"] = max(1, int(s["quantity"] * scale))
            s["min_quantity"] = max(1, int(s["min_quantity"] * scale))
        big = max(self.stock_base, key=lambda s: s["quantity"])
        big["quantity"] += target - sum(s["quantity"] for s in self.stock_base)
        big["min_quantity"] = int(big["quantity"] * 0.5)
        for s in r.sample(self.stock_base, 6):  # a few rows below their minimum
            s["min_quantity"] = s["quantity"] + r.randint(1, max(2, s["quantity"] // 3))
        self.stock_total = target
        # village kits: every village has all four items; totals exactly as the seed
        nv = len(self.villages)
        self.village_kits = []
        per = {}
        for item, total in KITS.items():
            base, extra = divmod(total, nv)
            lucky = set(r.sample(range(nv), extra))
            per[item] = [base + (1 if i in lucky else 0) for i in range(nv)]
        for i, v in enumerate(self.villages):
            for item in KITS:
                q = per[item][i]
                req = q + (1 if r.random() < 0.04 else 0)
                self.village_kits.append({"village_code": v["code"], "item": item, "quantity": q, "required": req})

    def _build_people(self):
        r = self.r
        self.resp_persons = []
        n = 0
        geo_objs = [("geohazard_point", g) for g in self.geo_points] + [("zone", z) for z in self.zones if z["kind"] == "地质灾害"]
        ff = [v for v in self.villages if v["flash_flood_key"]]
        for role, cnt in ROLES.items():
            for j in range(cnt):
                n += 1
                if role == "地质灾害巡查员":
                    obj = geo_objs[j % len(geo_objs)][1]
                    tcode, vcode, oid = obj["township_code"], obj["village_code"], obj["id"]
                elif role == "山塘水库巡查员":
                    if j < N_RESERVOIRS * 2:
                        obj = self.reservoirs[j % N_RESERVOIRS]
                        v = min(self.v_by_town[obj["township_code"]], key=lambda v, o=obj: (v["lon"] - o["lon"]) ** 2 + (v["lat"] - o["lat"]) ** 2)
                        tcode, vcode, oid = obj["township_code"], v["code"], obj["id"]
                    else:
                        v = self._pick_village()
                        tcode, vcode, oid = v["township_code"], v["code"], f"PD-{v['code']}-{j % 3 + 1}"
                else:
                    v = ff[j % len(ff)]
                    tcode, vcode, oid = v["township_code"], v["code"], v["code"]
                self.resp_persons.append({"id": f"RP{n:04d}", "name": self.person_name(), "phone": self.phone(),
                                          "role": role, "township_code": tcode, "village_code": vcode, "object_id": oid})
        self.command_units = [{"id": "CU00", "name": "缙云县应急管理指挥部", "tier": "county", "parent_id": None,
                               "township_code": None, "duty_person": self.person_name(), "duty_phone": self.phone()}]
        for i, nm in enumerate(SPECIAL_HQS):
            self.command_units.append({"id": f"CU{i + 1:02d}", "name": f"缙云县{nm}", "tier": "special", "parent_id": "CU00",
                                       "township_code": None, "duty_person": self.person_name(), "duty_phone": self.phone()})
        for t in self.townships:
            self.command_units.append({"id": f"CU-{t['code']}", "name": f"{t['name']}应急管理指挥部", "tier": "township",
                                       "parent_id": "CU00", "township_code": t["code"], "duty_person": self.person_name(),
                                       "duty_phone": self.phone()})
        # transfer persons: the people living in the 230 risk zones
        self.transfer = []
        n = 0
        for z in self.zones:
            for _ in range(z["people"]):
                n += 1
                birth = f"{r.randint(1938, 2019)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}"
                first17 = f"331122{birth}{r.randrange(1000):03d}"
                self.transfer.append({"id": f"TP{n:05d}", "name": self.person_name(), "phone": self.phone(),
                                      "id_number": first17 + id_check(first17), "township_code": z["township_code"],
                                      "village_code": z["village_code"], "zone_id": z["id"], "echelon": 2})
        # first echelon: 600 people, most in 壶镇镇 大洋镇 前路乡
        key = [p for p in self.transfer if p["township_code"] in KEY_TRANSFER]
        other = [p for p in self.transfer if p["township_code"] not in KEY_TRANSFER]
        first = r.sample(key, 450) + r.sample(other, 150)
        for p in first:
            p["echelon"] = 1
        rest_key = [p for p in key if p["echelon"] == 2]
        rest_other = [p for p in other if p["echelon"] == 2]
        second = r.sample(rest_key, 200) + r.sample(rest_other, 105)
        self.first_echelon = sorted(first, key=lambda p: p["id"])
        self.second_movers = sorted(second, key=lambda p: p["id"])

    def _build_misc(self):
        r = self.r
        teams = [("综合性应急救援队", "综合救援", 60, "冲锋舟2艘、橡皮艇4艘、破拆工具组、无人机2架"),
                 ("消防救援大队", "消防救援", 85, "消防车12辆、水域救援装备、生命探测仪"),
                 ("蓝天救援队", "社会救援", 45, "橡皮艇3艘、救生衣80件、无人机1架"),
                 ("水利防汛抢险队", "防汛抢险", 50, "抽水泵20台、编织袋5万条、挖掘机2台"),
                 ("地质灾害应急队", "地灾处置", 30, "位移监测仪、无人机2架、应急照明"),
                 ("森林消防专业队", "森林消防", 40, "风力灭火机30台、油锯10台、二号工具")]
        self.teams = []
        for i, (nm, kind, m, eq) in enumerate(teams):
            t = self.townships[[0, 0, 1, 0, 2, 3][i]]
            lon, lat = self.near(t["lon"], t["lat"], 1.5)
            self.teams.append({"id": f"RT{i + 1:02d}", "name": f"缙云县{nm}", "kind": kind, "members": m, "equipment": eq,
                               "township_code": t["code"], "lon": lon, "lat": lat, "leader": self.person_name(),
                               "phone": self.phone()})
        vx, vy = km_xy(*self.venue)
        fz = [("EF01", "祭祀广场核心区", 0.0, 0.0, 65, 40, True, 0.69),
              ("EF02", "黄帝祠宇殿前区", 0.08, 0.06, 45, 40, False, 0.67),
              ("EF03", "鼎湖峰观礼区", -0.12, 0.15, 120, 75, False, 0.72),
              ("EF04", "好溪沿岸步道", 0.05, -0.18, 300, 40, False, 0.58),
              ("EF05", "仙都游客中心广场", -0.55, -0.35, 100, 60, False, 0.75),
              ("EF06", "仙都景区停车场", -0.75, -0.60, 200, 125, False, 0.60)]
        self.efence = []
        for zid, nm, dx, dy, w, h, main, usable in fz:
            lon, lat = lonlat(vx + dx, vy + dy)
            poly = rect_polygon(lon, lat, w, h, 0.35)
            self.efence.append({"id": zid, "name": nm, "lon": round(lon, 6), "lat": round(lat, 6),
                                "polygon": json.dumps(poly, separators=(",", ":")), "area_m2": float(w * h),
                                "usable_area_m2": round(w * h * usable, 1), "is_main": main})
        kinds = [("指挥车", "应急管理局"), ("巡逻车", "公安局"), ("救护车", "卫健局"), ("消防车", "消防救援大队"),
                 ("通勤大巴", "交通运输局"), ("物资运输车", "应急管理局"), ("保障车", "仙都街道"), ("转运车", "文广旅体局")]
        self.vehicles = []
        for i in range(30):
            k, d = kinds[i % len(kinds)]
            self.vehicles.append({"id": f"VH{i + 1:02d}", "plate": f"浙K·{r.choice('ABCDEFGHJK')}{r.randrange(10000):04d}",
                                  "kind": k, "department": d, "phase": r.uniform(0, 2 * math.pi),
                                  "radius_km": r.uniform(0.5, 6.0), "home": self.near(*self.venue, 3.0) if i % 2 else
                                  self.near(TOWNSHIPS[0][2], TOWNSHIPS[0][3], 2.0)})
        posts = [("祭祀广场安保", "公安局", "祭祀广场"), ("主入口安检1", "公安局", "仙都景区主入口"),
                 ("主入口安检2", "公安局", "仙都景区主入口"), ("东入口安检", "公安局", "东入口"),
                 ("交通疏导-330国道", "交通运输局", "G330仙都路口"), ("交通疏导-停车场", "交警大队", "景区停车场"),
                 ("医疗保障点1", "卫健局", "祭祀广场东侧"), ("医疗保障点2", "卫健局", "游客中心"),
                 ("消防保障", "消防救援大队", "黄帝祠宇"), ("直播保障", "融媒体中心", "鼎湖峰观礼区"),
                 ("志愿服务1", "团县委", "游客中心"), ("志愿服务2", "团县委", "好溪沿岸"),
                 ("食品安全", "市场监管局", "祭典餐饮点"), ("供电保障", "供电公司", "祭祀广场配电房"),
                 ("通信保障", "移动公司", "应急通信车"), ("应急值守", "应急管理局", "现场指挥部"),
                 ("舆情监测", "宣传部", "现场指挥部"), ("礼宾接待", "文广旅体局", "贵宾接待区"),
                 ("仙都街道网格", "仙都街道", "周边村居"), ("水上安全", "水利局", "好溪"),
                 ("特种设备", "市场监管局", "观礼台"), ("气象保障", "气象局", "现场指挥部"),
                 ("环境卫生", "综合执法局", "景区"), ("公交接驳", "交通运输局", "缙云西站"), ("安检复核", "公安局", "祭祀广场")]
        self.posts = []
        for i, (post, dept, loc) in enumerate(posts):
            req = r.randint(2, 8)
            self.posts.append({"id": f"DP{i + 1:02d}", "post": post, "department": dept, "location": loc,
                               "plan_min": 6 * 60 + 30 + (i % 5) * 30, "staff_required": req,
                               "staff": [self.person_name() for _ in range(req)]})
