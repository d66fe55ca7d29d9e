"""The 智慧应急 map: one pydeck layer builder per switchable layer, the tap-to-details tooltip, and the legend.

Each row sent to the browser carries `tip`, an escaped HTML fragment with the object's fields and its data's
age, so one deck tooltip ("{tip}") serves every layer. County zoom sends probe aggregates, never 10k points.
"""

from __future__ import annotations

import html
import json
import math
from datetime import datetime

import pandas as pd
import pydeck as pdk

from dashboards.components.maps import county_outline, deck
from dashboards.components.theme import MUTED, OFF, OK, PANEL, RISK, STATUS, TEXT, WARNING, rgba
from data_access import emergency as em

# The layer switches, in the order they are drawn in the control strip: key suffix -> label.
LAYERS = {
    "probes": "物联探头", "geohazard": "地灾隐患点", "zones": "风险防范区", "reservoirs": "水库",
    "villages": "山洪村落", "rain": "雨量站", "typhoon": "台风路径", "rescue": "救援队伍",
    "shelters": "避灾安置点", "video": "视频探头",
}
DEFAULT_ON = {"probes", "geohazard", "zones", "reservoirs", "villages", "typhoon", "rescue"}
TOWNSHIP_ZOOM = 11.2
COUNTY_ZOOM = 9.6
# CMA rainfall colours, from 小雨 (1) to 特大暴雨 (6); index 0 = no rain.
RAIN = ["#5F6B7A", "#A6F28F", "#3DBA3D", "#61B8FF", "#2F5BFF", "#FA00FA", "#800040"]
RESERVOIR = {"over": WARNING["红"], "near": WARNING["黄"], "normal": "#2FB5FF"}
TYPHOON_PAST, TYPHOON_FORECAST = "#FF375F", "#FFD60A"
RESCUE, SHELTER_OPEN, SHELTER_STANDBY, VIDEO, GEOHAZARD = "#BF5AF2", "#34C759", "#3A6B4A", "#64D2FF", "#AC8E68"
TOOLTIP_STYLE = {"backgroundColor": PANEL, "color": TEXT, "fontSize": "15px", "border": "1px solid #2F9BFF",
                 "borderRadius": "6px", "padding": "8px 10px", "maxWidth": "380px", "lineHeight": "1.45"}


def _tip(title: str, rows: list[tuple[str, object]], age: str) -> str:
    body = "".join(f"<div>{html.escape(k)}：{html.escape(str(v))}</div>" for k, v in rows if v not in (None, ""))
    return f"<b>{html.escape(title)}</b>{body}<small>数据时间 {html.escape(age)}</small>"


def _num(v, digits: int = 1, unit: str = "") -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)) or pd.isna(v):
        return "—"
    return f"{float(v):,.{digits}f}{unit}"


def _records(df: pd.DataFrame, cols: list[str]) -> list[dict]:
    return df[cols].to_dict("records")


# --- per-layer builders -----------------------------------------------------------------------------------


def township_area_layers(towns: pd.DataFrame, selected: str | None) -> list[pdk.Layer]:
    geom = county_outline()["features"][0]["geometry"]
    ring = geom["coordinates"][0][0] if geom["type"] == "MultiPolygon" else geom["coordinates"][0]
    areas = em.township_areas(tuple(zip(towns["code"], towns["lon"], towns["lat"], strict=True)),
                              tuple(tuple(p) for p in ring[::2]))
    rows = []  # labels are bare names: the legend and tooltips say the areas are schematic (示意)
    for t in towns.itertuples():
        colour = rgba(list(WARNING.values())[t.worst_rank - 1], 40) if t.worst_rank else [47, 155, 255, 10]
        rows.append({"code": t.code, "name": t.name, "ring": areas.get(t.code, []), "fill": colour,
                     "line": rgba("#FFFFFF", 230) if t.code == selected else rgba("#64D2FF", 90),
                     "lw": 180 if t.code == selected else 30, "label": t.name, "lon": t.lon, "lat": t.lat,
                     "tip": _tip(f"{t.name}（范围示意）", [("告警中", f"{t.active_alarms} 条"),
                                                      ("人口", f"{t.population:,} 人" if t.population else "—")],
                                 "乡镇范围为示意")})
    return [
        pdk.Layer("PolygonLayer", rows, id="township-areas", get_polygon="ring", get_fill_color="fill",
                  get_line_color="line", get_line_width="lw", line_width_min_pixels=1, stroked=True,
                  filled=True, pickable=True),
        # pydeck sends a plain str or list as an "@@=" expression: as the character set the layer failed to draw,
        # as the font family its glyphs came out 2 px high. Literals: "auto" builds the glyphs from the labels.
        pdk.Layer("TextLayer", [{k: r[k] for k in ("lon", "lat", "label")} for r in rows], id="township-labels",
                  get_position=["lon", "lat"], get_text="label", get_size=15, get_color=rgba("#CFE3FF", 210),
                  character_set=pdk.types.String("auto"),
                  font_family=pdk.types.String("'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"),
                  get_pixel_offset=[0, -16]),
    ]


def probe_layers(cells: pd.DataFrame | None, points: pd.DataFrame | None, now: datetime | None) -> list[pdk.Layer]:
    """County: one circle per grid cell, sized by its probes, coloured by its worst status. Township: every probe."""
    if points is not None:
        df = points.copy()
        df["colour"] = [rgba(STATUS.get(s, OFF), 220) for s in df["status"]]
        df["tip"] = [
            _tip(f"{r.name}", [("类型", em.PROBE_KIND_NAME.get(r.kind, r.kind)), ("状态", em.STATUS_NAME.get(r.status, r.status)),
                                ("读数", f"{_num(r.value)} {r.unit or ''}" if r.kind != "video" else ""),
                                ("阈值", f"{_num(r.threshold)} {r.unit or ''}" if r.threshold == r.threshold else ""),
                                ("视频流", r.stream_url if r.kind == "video" else "")],
                 em.data_age_text(r.observed_at, now))
            for r in df.itertuples()]
        return [pdk.Layer("ScatterplotLayer", _records(df, ["lon", "lat", "colour", "tip", "id"]), id="probes",
                          get_position=["lon", "lat"], get_fill_color="colour", get_radius=70, radius_min_pixels=2.5,
                          radius_max_pixels=7, pickable=True)]
    df = cells.copy()
    if df.empty:
        return []
    df["colour"] = [rgba(WARNING["红"], 210) if a else rgba(OFF, 200) if off * 2 >= n else rgba(OK, 170)
                    for a, off, n in zip(df["alarm"], df["offline"], df["probes"], strict=True)]
    df["radius"] = [260 + 75 * math.sqrt(n) for n in df["probes"]]
    df["tip"] = [_tip("探头汇聚（约3公里网格）", [("探头", f"{r.probes} 个（视频 {r.video} 个）"),
                                        ("在线", f"{r.online + r.alarm} 个"), ("告警", f"{r.alarm} 个"),
                                        ("离线", f"{r.offline} 个")], em.data_age_text(r.observed_at, now))
                 for r in df.itertuples()]
    return [pdk.Layer("ScatterplotLayer", _records(df, ["lon", "lat", "colour", "radius", "tip"]), id="probe-cells",
                      get_position=["lon", "lat"], get_fill_color="colour", get_radius="radius",
                      stroked=True, get_line_color=[7, 17, 31, 200], line_width_min_pixels=1, pickable=True)]


def geohazard_layer(df: pd.DataFrame, now: datetime | None) -> list[pdk.Layer]:
    df = df.copy()
    df["colour"] = [rgba(WARNING[lv], 255) if isinstance(lv, str) and lv in WARNING else rgba(GEOHAZARD, 255)
                    for lv in df["alarm_level"]]
    df["tip"] = [_tip(r.name, [("类型", r.kind), ("乡镇", r.township), ("位移", f"{_num(r.displacement_mm)} mm"),
                               ("阈值", f"{_num(r.threshold_mm)} mm"),
                               ("告警", f"{r.alarm_level}色" if isinstance(r.alarm_level, str) else "无"),
                               ("威胁人口", f"{r.threatened_people} 人")], em.data_age_text(r.observed_at, now))
                 for r in df.itertuples()]
    return [pdk.Layer("ScatterplotLayer", _records(df, ["lon", "lat", "colour", "tip", "id"]), id="geohazard",
                      get_position=["lon", "lat"], get_fill_color="colour", get_radius=450, radius_min_pixels=6,
                      stroked=True, get_line_color=[255, 255, 255, 230], line_width_min_pixels=2, pickable=True)]


def risk_zone_layer(df: pd.DataFrame, now: datetime | None) -> list[pdk.Layer]:
    df = df.copy()
    df["ring"] = [[[round(x, 4), round(y, 4)] for x, y in ring] for ring in df["ring"]]
    df["fill"] = [rgba(RISK[r], 140 if r in ("较高", "高") else 70) for r in df["risk"]]
    df["line"] = [rgba(RISK[r], 230) for r in df["risk"]]
    df["tip"] = [_tip(r.name, [("类型", r.kind), ("乡镇", r.township), ("村", r.village), ("当前风险", r.risk),
                               ("24小时雨量", f"{_num(r.rain_24h_mm)} mm"), ("人口", f"{r.people} 人 / {r.households} 户")],
                      em.data_age_text(r.observed_at, now)) for r in df.itertuples()]
    return [pdk.Layer("PolygonLayer", _records(df, ["ring", "fill", "line", "tip"]), id="risk-zones",
                      get_polygon="ring", get_fill_color="fill", get_line_color="line", line_width_min_pixels=1,
                      stroked=True, filled=True, pickable=True)]


def reservoir_state(over_limit_m: float | None) -> str:
    if over_limit_m is None or over_limit_m != over_limit_m:
        return "normal"
    return "over" if over_limit_m > 0 else "near" if over_limit_m > -0.5 else "normal"


def reservoir_layer(df: pd.DataFrame, now: datetime | None) -> list[pdk.Layer]:
    df = df.copy()
    df["colour"] = [rgba(RESERVOIR[reservoir_state(o)], 230) for o in df["over_limit_m"]]
    df["radius"] = [120 + 28 * math.sqrt(max(c, 0)) for c in df["capacity_10k_m3"]]
    df["tip"] = [_tip(f"{r.name}（{r.scale}）", [
        ("库水位", f"{_num(r.level_m, 2)} m"), ("汛限水位", f"{_num(r.flood_limit_level_m, 2)} m"),
        ("超汛限", f"{_num(r.over_limit_m, 2)} m" if r.over_limit_m == r.over_limit_m and r.over_limit_m > 0 else "否"),
        ("库容", f"{_num(r.capacity_10k_m3)} 万m³"), ("蓄水", f"{_num(r.storage_10k_m3)} 万m³"),
        ("入库/出库", f"{_num(r.inflow_m3s)} / {_num(r.outflow_m3s)} m³/s")], em.data_age_text(r.observed_at, now))
        for r in df.itertuples()]
    return [pdk.Layer("ScatterplotLayer", _records(df, ["lon", "lat", "colour", "radius", "tip", "id"]), id="reservoirs",
                      get_position=["lon", "lat"], get_fill_color="colour", get_radius="radius", radius_min_pixels=4,
                      radius_max_pixels=22, stroked=True, get_line_color=[7, 17, 31, 255], line_width_min_pixels=1, pickable=True)]


def village_layer(df: pd.DataFrame, now: datetime | None) -> list[pdk.Layer]:
    df = df.copy()
    warned = df["warning_level"].notna()
    df["colour"] = [rgba(WARNING[lv], 255) if isinstance(lv, str) and lv in WARNING else rgba("#9FB7D6", 120)
                    for lv in df["warning_level"]]
    df["radius"] = [380 if w else 180 for w in warned]
    df["tip"] = [_tip(f"{r.name}（山洪防御重点村）", [
        ("乡镇", r.township), ("预警", f"{r.warning_level}色" if isinstance(r.warning_level, str) else "无"),
        ("24小时雨量", f"{_num(r.rain_mm)} mm（阈值 {_num(r.threshold_mm)} mm）" if isinstance(r.warning_level, str) else ""),
        ("人口", f"{r.population} 人" if r.population == r.population else "")], em.data_age_text(r.observed_at, now))
        for r in df.itertuples()]
    return [pdk.Layer("ScatterplotLayer", _records(df, ["lon", "lat", "colour", "radius", "tip", "code"]),
                      id="flash-flood-villages", get_position=["lon", "lat"], get_fill_color="colour",
                      get_radius="radius", radius_min_pixels=3, pickable=True)]


def rain_layer(df: pd.DataFrame, window_h: int, now: datetime | None) -> list[pdk.Layer]:
    df = df.copy()
    col = "rain_24h_mm" if window_h == 24 else "rain_1h_mm"
    grades = [em.rain_grade(v, window_h) for v in df[col]]
    df["colour"] = [rgba(RAIN[g], 235) for g, _ in grades]
    df["tip"] = [_tip(f"{r.name}", [("乡镇", r.township), ("1小时雨量", f"{_num(r.rain_1h_mm)} mm"),
                                    ("24小时雨量", f"{_num(r.rain_24h_mm)} mm"), ("等级", f"{window_h}小时{g[1]}")],
                      em.data_age_text(r.observed_at, now)) for r, g in zip(df.itertuples(), grades, strict=True)]
    return [pdk.Layer("ScatterplotLayer", _records(df, ["lon", "lat", "colour", "tip", "probe_id"]), id="rainfall",
                      get_position=["lon", "lat"], get_fill_color="colour", get_radius=600, radius_min_pixels=4,
                      opacity=0.85, pickable=True)]


def typhoon_layers(track: pd.DataFrame, ty: em.Typhoon | None, now: datetime | None) -> list[pdk.Layer]:
    """Past track, current position, forecast track, and the 7- and 10-level wind circles."""
    if ty is None or track.empty:
        return []
    past = track[~track["is_forecast"].astype(bool)]
    fc = track[track["is_forecast"].astype(bool)]
    past_path = [[float(x), float(y)] for x, y in zip(past["lon"], past["lat"], strict=True)]
    fc_path = [[ty.lon, ty.lat]] + [[float(x), float(y)] for x, y in zip(fc["lon"], fc["lat"], strict=True)]
    age = em.data_age_text(ty.at, now)
    head = f"台风“{ty.name}”（{ty.typhoon_id}）"
    layers = [
        pdk.Layer("PathLayer", [{"path": past_path, "tip": _tip(head + " 实况路径", [], age)}], id="typhoon-track",
                  get_path="path", get_color=rgba(TYPHOON_PAST, 235), width_min_pixels=3, pickable=True),
        pdk.Layer("PathLayer", [{"path": fc_path, "tip": _tip(head + " 预报路径", [], age)}], id="typhoon-forecast",
                  get_path="path", get_color=rgba(TYPHOON_FORECAST, 220), width_min_pixels=2, pickable=True),
    ]
    fc_pts = [{"lon": float(r.lon), "lat": float(r.lat),
               "tip": _tip(f"{head} 预报 {pd.Timestamp(r.observed_at):%m-%d %H:%M}",
                           [("中心风力", f"{_num(r.max_wind_ms)} m/s"), ("气压", f"{_num(r.pressure_hpa, 0)} hPa")], age)}
              for r in fc.itertuples()]
    layers.append(pdk.Layer("ScatterplotLayer", fc_pts, id="typhoon-forecast-points", get_position=["lon", "lat"],
                            get_fill_color=rgba(TYPHOON_FORECAST, 230), get_radius=6000, radius_min_pixels=3,
                            pickable=True))
    rows = [("强度", f"{em.wind_class(ty.max_wind_ms)} {_num(ty.max_wind_ms)} m/s"),
            ("气压", f"{_num(ty.pressure_hpa, 0)} hPa"), ("距县城", f"{ty.distance_km:,.0f} km（{ty.direction}方）"),
            ("七级风圈", f"{_num(ty.r7_km, 0)} km"), ("十级风圈", f"{_num(ty.r10_km, 0)} km")]
    circles = []
    for r_km, colour, name in ((ty.r7_km, WARNING["黄"], "七级风圈"), (ty.r10_km, WARNING["橙"], "十级风圈")):
        if r_km:
            circles.append({"lon": ty.lon, "lat": ty.lat, "radius": r_km * 1000, "line": rgba(colour, 230),
                            "fill": rgba(colour, 22), "tip": _tip(f"{head} {name} {r_km:,.0f} km", rows, age)})
    layers.append(pdk.Layer("ScatterplotLayer", circles, id="typhoon-wind-circles", get_position=["lon", "lat"],
                            get_radius="radius", get_fill_color="fill", get_line_color="line", stroked=True,
                            filled=True, line_width_min_pixels=2, pickable=True))
    layers.append(pdk.Layer("ScatterplotLayer", [{"lon": ty.lon, "lat": ty.lat, "tip": _tip(head + " 当前位置", rows, age)}],
                            id="typhoon-now", get_position=["lon", "lat"], get_fill_color=rgba(TYPHOON_PAST, 255),
                            get_radius=12000, radius_min_pixels=7, stroked=True, get_line_color=[255, 255, 255, 255],
                            line_width_min_pixels=2, pickable=True))
    return layers


def rescue_layer(df: pd.DataFrame, now: datetime | None) -> list[pdk.Layer]:
    df = df.copy()
    df["tip"] = [_tip(r.name, [("类型", r.kind), ("状态", r.status), ("人数", f"{r.members} 人"), ("装备", r.equipment),
                               ("队长", r.leader), ("所在乡镇", r.township)], em.data_age_text(r.updated_at, now))
                 for r in df.itertuples()]
    return [pdk.Layer("ScatterplotLayer", _records(df, ["lon", "lat", "tip", "id"]), id="rescue-teams",
                      get_position=["lon", "lat"], get_fill_color=rgba(RESCUE, 255), get_radius=500,
                      radius_min_pixels=7, stroked=True, get_line_color=[255, 255, 255, 255], line_width_min_pixels=2,
                      pickable=True)]


def shelter_layer(df: pd.DataFrame, now: datetime | None) -> list[pdk.Layer]:
    df = df.copy()
    df["colour"] = [rgba(SHELTER_OPEN if s == "open" else SHELTER_STANDBY, 230) for s in df["status"]]
    df["tip"] = [_tip(r.name, [("状态", em.STATUS_NAME.get(r.status, r.status)),
                               ("安置", f"{r.occupancy} / {r.capacity} 人"), ("乡镇", r.township)],
                      em.data_age_text(r.updated_at, now)) for r in df.itertuples()]
    return [pdk.Layer("ScatterplotLayer", _records(df, ["lon", "lat", "colour", "tip", "id"]), id="shelters",
                      get_position=["lon", "lat"], get_fill_color="colour", get_radius=260, radius_min_pixels=4,
                      stroked=True, get_line_color=rgba(SHELTER_OPEN, 255), line_width_min_pixels=1, pickable=True)]


def video_layer(df: pd.DataFrame, now: datetime | None) -> list[pdk.Layer]:
    df = df.copy()
    df["tip"] = [_tip(r.name, [("状态", em.STATUS_NAME.get(r.status, r.status)), ("视频流", r.stream_url),
                               ("关联告警", "是" if r.alarmed else "否")], em.data_age_text(r.observed_at, now))
                 for r in df.itertuples()]
    return [pdk.Layer("ScatterplotLayer", _records(df, ["lon", "lat", "tip", "id"]), id="video-probes",
                      get_position=["lon", "lat"], get_fill_color=[0, 0, 0, 0], get_line_color=rgba(VIDEO, 255),
                      stroked=True, filled=False, get_radius=150, radius_min_pixels=3, line_width_min_pixels=1.5,
                      pickable=True)]


TOOLTIP = {"html": "{tip}", "style": TOOLTIP_STYLE}


def compact(d: pdk.Deck) -> pdk.Deck:
    """pydeck indents its JSON; the same spec without whitespace is about half the bytes sent to each screen."""
    indented = d.to_json
    d.to_json = lambda: json.dumps(json.loads(indented()), ensure_ascii=False, separators=(",", ":"))
    return d


# --- legend ----------------------------------------------------------------------------------------------


def _swatch(colour: str, label: str, ring: bool = False) -> str:
    style = (f"border:2px solid {colour};background:transparent" if ring else f"background:{colour}")
    return (f'<span class="jy-lg"><i style="{style}"></i>{html.escape(label)}</span>')


def legend_html(on: set[str], window_h: int, township_zoom: bool) -> str:
    parts = [_swatch("#64D2FF", "乡镇范围（示意）", ring=True)]
    if "probes" in on:
        parts += [_swatch(OK, "探头在线" if township_zoom else "探头汇聚·在线"), _swatch(OFF, "离线"),
                  _swatch(WARNING["红"], "告警")]
    if "geohazard" in on:
        parts.append(_swatch(GEOHAZARD, "地灾隐患点（告警按蓝黄橙红）"))
    if "zones" in on:
        parts.append('<span class="jy-lg">风险防范区：' + "".join(_swatch(c, k) for k, c in RISK.items()) + "</span>")
    if "reservoirs" in on:
        parts += [_swatch(RESERVOIR["normal"], "水库（大小=库容）"), _swatch(RESERVOIR["near"], "距汛限<0.5m"),
                  _swatch(RESERVOIR["over"], "超汛限")]
    if "villages" in on:
        parts.append(_swatch("#9FB7D6", "山洪村落（预警按蓝黄橙红）"))
    if "rain" in on:
        grades = em.RAIN_24H_GRADES if window_h == 24 else em.RAIN_1H_GRADES
        parts.append(f'<span class="jy-lg">{window_h}小时雨量：' + "".join(
            _swatch(RAIN[i + 1], name) for i, (_, name) in enumerate(reversed(grades))) + "</span>")
    if "typhoon" in on:
        parts += [_swatch(TYPHOON_PAST, "台风实况"), _swatch(TYPHOON_FORECAST, "预报"),
                  _swatch(WARNING["黄"], "七级风圈", ring=True), _swatch(WARNING["橙"], "十级风圈", ring=True)]
    if "rescue" in on:
        parts.append(_swatch(RESCUE, "救援队伍"))
    if "shelters" in on:
        parts += [_swatch(SHELTER_OPEN, "安置点·开放"), _swatch(SHELTER_STANDBY, "待启用")]
    if "video" in on:
        parts.append(_swatch(VIDEO, "视频探头" if township_zoom else "告警关联视频", ring=True))
    return LEGEND_CSS + '<div class="jy-legend">' + "".join(parts) + "</div>"


LEGEND_CSS = """<style>
.jy-legend { display:flex; flex-wrap:wrap; gap:0.15rem 0.9rem; font-size:0.85rem; color:#CFE3FF; line-height:1.5; }
.jy-lg { white-space:nowrap; display:inline-flex; align-items:center; gap:0.3rem; }
.jy-lg i { display:inline-block; width:0.8rem; height:0.8rem; border-radius:50%; margin-left:0.25rem; }
</style>"""


# --- the panels beside the map ---------------------------------------------------------------------------

MAP_HEIGHT = 780
TYPHOON_MAP_HEIGHT = 190
ALARM_TABLE_HEIGHT = 36 * 10 + 4
REGISTRY = (("probes", "接入探头", "个"), ("geohazard_points", "地灾隐患点", "个"), ("risk_zones", "风险防范区", "个"),
            ("reservoirs", "水库", "座"), ("flash_flood_villages", "山洪防御重点村", "个"))
LEVEL_ORDER = {"红": 0, "橙": 1, "黄": 2, "蓝": 3}


def registry_html(counts: dict[str, int]) -> str:
    """The seed's registry figures as one line of chips: 接入探头 10,396 个 · ..."""
    chips = "".join(f'<span class="jy-reg"><span class="l">{html.escape(label)}</span>'
                    f'<b>{counts.get(key, 0):,}</b><span class="l">{unit}</span></span>'
                    for key, label, unit in REGISTRY)
    return REGISTRY_CSS + f'<div class="jy-regs">{chips}</div>'


REGISTRY_CSS = """<style>
.jy-regs { display:flex; flex-wrap:wrap; gap:0.3rem 0.6rem; }
.jy-reg { background:#0B1A2E; border:1px solid #223A5C; border-radius:6px; padding:0.05rem 0.6rem; white-space:nowrap; }
.jy-reg b { font-size:1.25rem; color:#64D2FF; margin:0 0.2rem 0 0.35rem; }
.jy-reg .l { color:#8FA6C4; font-size:0.9rem; }
.jy-detail { font-size:0.9rem; color:#E8F1FF; margin-top:0.2rem; }
.jy-detail div, .jy-detail small { display:inline; margin-right:0.7rem; }
.deck-tooltip small { display:block; color:#8FA6C4; }
.jy-ty { font-size:1rem; line-height:1.55; }
.jy-ty b.n { font-size:1.3rem; color:#FF375F; }
.jy-ty .k { color:#8FA6C4; }
</style>"""


def selected_html(event) -> str:
    """The tapped object's details (the same fields as its tooltip), or a hint."""
    objects = {}
    try:
        objects = (event or {}).get("selection", {}).get("objects", {}) or {}
    except AttributeError:
        objects = {}
    for items in objects.values():
        if items and isinstance(items[0], dict) and items[0].get("tip"):
            return f'<div class="jy-detail">已选：{items[0]["tip"]}</div>'  # tip is built escaped by _tip
    return f'<div class="jy-detail" style="color:{MUTED}">点击地图上的对象查看详情（含数据时间）。</div>'


def typhoon_html(ty: em.Typhoon) -> str:
    inside = (f'<span style="color:{WARNING["红"]};font-weight:700">县城处于七级风圈内</span>' if ty.in_r7
              else '<span class="k">县城在七级风圈外</span>')
    when = "预计最近" if ty.approaching else "已过最近点"
    return (
        f'<div class="jy-ty"><b class="n">台风“{html.escape(ty.name)}”</b> <span class="k">{ty.typhoon_id} · '
        f'{em.wind_class(ty.max_wind_ms)}</span><br>'
        f'<span class="k">位置</span> {ty.lat:.1f}°N {ty.lon:.1f}°E <span class="k">{ty.at:%m-%d %H:%M}</span><br>'
        f'<span class="k">距县城</span> <b>{ty.distance_km:,.0f} km</b>（{ty.direction}方）<br>'
        f'<span class="k">最大风速</span> {ty.max_wind_ms:.1f} m/s <span class="k">气压</span> {ty.pressure_hpa:.0f} hPa<br>'
        f'<span class="k">{when}</span> <b>{ty.closest_km:,.0f} km</b> <span class="k">{ty.closest_at:%m-%d %H:%M}</span><br>'
        f'{inside}</div>'
    )


def typhoon_overview(track: pd.DataFrame, ty: em.Typhoon) -> pdk.Deck:
    """A small regional map: the county, distance rings around it, and the whole track."""
    lon0, lat0 = em.COUNTY_SEAT
    rings = [{"lon": lon0, "lat": lat0, "r": km * 1000} for km in (100, 200, 300, 500)]
    layers = [pdk.Layer("ScatterplotLayer", rings, id="typhoon-rings", get_position=["lon", "lat"], get_radius="r",
                        filled=False, stroked=True, get_line_color=rgba("#8FA6C4", 90), line_width_min_pixels=1),
              *typhoon_layers(track, ty, None)]
    return compact(deck(layers, (lon0 + ty.lon) / 2, (lat0 + ty.lat) / 2, 4.6, tooltip=TOOLTIP))


def alarm_table(rows: pd.DataFrame):
    """The alarm list as a styled frame: time, place, kind, value against threshold, level, status."""
    table = pd.DataFrame({
        "时间": [f"{pd.Timestamp(t):%m-%d %H:%M}" for t in rows["started_at"]],
        "地点": [f"{t or ''} {p}".strip() for t, p in zip(rows["township"], rows["place"], strict=True)],
        "类型": rows["kind"].map(lambda k: em.KIND_NAME.get(k, k)),
        "数值/阈值": [f"{v:g}/{th:g} {u}" for v, th, u in zip(rows["value"], rows["threshold"], rows["unit"], strict=True)],
        "级别": rows["level"],
        "状态": rows["status"].map(lambda s: em.STATUS_NAME.get(s, s)),
    })
    return table.style.map(lambda v: f"color: {WARNING.get(v, TEXT)}; font-weight: 700", subset=["级别"]).map(
        lambda v: f"color: {WARNING['红'] if v == '告警中' else MUTED}", subset=["状态"])
