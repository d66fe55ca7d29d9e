"""智慧应急: where in the county are probes, geohazards, reservoirs, villages and the typhoon raising alarms now,
and which response level is in force? One real-time map with switchable layers, KPIs, the typhoon and alarms."""

import streamlit as st

from dashboards import data
from dashboards.components import emergency_layers as ml
from dashboards.components import frame
from dashboards.components.kpi import tiles
from dashboards.components.maps import CENTER, deck
from dashboards.components.panel import panel
from dashboards.components.theme import LEVEL, LEVEL_NAME, MUTED, OFF, OK, WARNING
from data_access import emergency as em
from data_access import feeds, queries

COUNTY = "全县"
MAP_SOURCES = ["iot", "hydro", "weather", "geohazard", "census", "rescue", "shelters"]


# Layers drawn from one township-filtered query each: switch key -> (query, layer builder).
SIMPLE_LAYERS = {
    "zones": (em.risk_zones, ml.risk_zone_layer),
    "villages": (em.flash_flood_villages, ml.village_layer),
    "reservoirs": (em.reservoirs, ml.reservoir_layer),
    "geohazard": (em.geohazard_points, ml.geohazard_layer),
    "shelters": (em.shelters, ml.shelter_layer),
    "video": (em.video_probes, ml.video_layer),
    "rescue": (em.rescue_teams, ml.rescue_layer),
}
LAYER_ORDER = ["zones", "rain", "probes", "villages", "reservoirs", "geohazard", "shelters", "video", "rescue", "typhoon"]


@panel("实时监测一张图", MAP_SOURCES, run_every=60, key="emergency_map_panel")
def map_panel(township: str | None, layers: frozenset, rain_h: int) -> None:
    now = data.load(feeds.clock).scenario_time
    reg = data.load(em.registry_counts)
    st.html(ml.registry_html(reg))
    towns = data.load(em.townships)
    areas, labels = ml.township_area_layers(towns, township)
    drawn = [areas]
    for key in (k for k in LAYER_ORDER if k in layers):  # later layers draw on top
        if key in SIMPLE_LAYERS:
            query, build = SIMPLE_LAYERS[key]
            drawn += build(data.load(query, township), now)
        elif key == "rain":
            drawn += ml.rain_layer(data.load(em.rainfall, township), rain_h, now)
        elif key == "probes":
            drawn += (ml.probe_layers(None, data.load(em.probes, township), now) if township
                      else ml.probe_layers(data.load(em.probe_cells), None, now))
        elif key == "typhoon":
            track = data.load(em.typhoon_track)
            drawn += ml.typhoon_layers(track, em.typhoon_status(track), now)
    drawn.append(labels)  # township names on top of every marker, so they stay legible
    seat = towns.set_index("code").loc[township] if township else None
    view = (seat["lon"], seat["lat"], ml.TOWNSHIP_ZOOM) if seat is not None else (*CENTER, ml.COUNTY_ZOOM)
    event = st.pydeck_chart(ml.compact(deck(drawn, *view, tooltip=ml.TOOLTIP)), height=ml.MAP_HEIGHT, key="emergency_map",
                            on_select="rerun", selection_mode="single-object")
    st.html(ml.legend_html(set(layers), rain_h, bool(township)) + ml.selected_html(event))


@panel("监测态势", ["iot", "hydro", "geohazard", "cowork"], run_every=30, key="emergency_kpi_panel")
def kpi_panel(township: str | None) -> None:
    k = data.load(em.emergency_kpis, township)
    level = k.response_level
    tiles([
        {"label": "探头在线", "value": k.probes_online, "unit": f"/ {k.probes:,} 个", "colour": OK},
        {"label": "告警探头", "value": k.probes_alarm, "unit": "个", "colour": WARNING["红"] if k.probes_alarm else OFF},
        {"label": "超汛限水库", "value": k.reservoirs_over_limit, "unit": "座",
         "colour": WARNING["橙"] if k.reservoirs_over_limit else OFF},
        {"label": "地灾告警", "value": k.geohazard_alarms, "unit": "处",
         "colour": WARNING["红"] if k.geohazard_alarms else OFF},
        {"label": "山洪预警村落", "value": k.villages_warning, "unit": "个",
         "colour": WARNING["黄"] if k.villages_warning else OFF},
        {"label": "应急响应", "value": LEVEL_NAME.get(level, "未启动"), "colour": LEVEL.get(level, OFF),
         "note": f"自 {k.response_since:%m-%d %H:%M} 起" if k.response_since else "当前无响应"},
    ], per_row=3)


@panel("台风", ["weather"], run_every=60, key="emergency_typhoon_panel")
def typhoon_panel() -> None:
    track = data.load(em.typhoon_track)
    ty = em.typhoon_status(track)
    if ty is None:
        st.html(f'<p style="color:{MUTED};font-size:1.1rem">当前无活动台风。</p>')
        return
    text, chart = st.columns([5, 4])
    text.html(ml.typhoon_html(ty))
    with chart:
        st.pydeck_chart(ml.typhoon_overview(track, ty), height=ml.TYPHOON_MAP_HEIGHT, key="emergency_typhoon_map")


@panel("告警列表（最新在前）", ["iot"], run_every=30, key="emergency_alarm_panel")
def alarm_panel(township: str | None) -> None:
    rows = data.load(em.alarms, township, 40)
    if rows.empty:
        st.success("当前没有告警。")
        return
    st.dataframe(ml.alarm_table(rows), hide_index=True, width="stretch", height=ml.ALARM_TABLE_HEIGHT,
                 key="emergency_alarm_table")


def wall_choices() -> tuple[str | None, frozenset, int]:
    """The wall has no controls: the default layers, and the township named by ?township= (a name or a code)."""
    wanted = str(st.query_params.get("township", "")).strip()
    match = TOWNS[(TOWNS["name"] == wanted) | (TOWNS["code"] == wanted)]
    return (str(match["code"].iloc[0]) if len(match) else None), frozenset(ml.DEFAULT_ON), 24


def control_choices() -> tuple[str | None, frozenset, int]:
    name = st.selectbox("乡镇（街道）", [COUNTY, *TOWNS["name"]], key="emergency_township")
    township = None if name == COUNTY else str(TOWNS.set_index("name").loc[name, "code"])
    on = frozenset(k for k, label in ml.LAYERS.items()
                   if st.toggle(label, value=k in ml.DEFAULT_ON, key=f"emergency_layer_{k}"))
    rain_h = 1 if st.segmented_control("雨量时段", ["24小时", "1小时"], default="24小时",
                                       key="emergency_rain_window") == "1小时" else 24
    return township, on, rain_h


try:
    with queries.pinned():
        TOWNS = data.load(em.townships)
except queries.NoSnapshot:
    st.info("数据尚未就绪：正在完成首次加载，稍后自动刷新。")
    st.stop()

if frame.kiosk():
    township, on, rain_h = wall_choices()
    map_col, side = st.columns([0.62, 0.38])
else:
    controls, map_col, side = st.columns([0.11, 0.53, 0.36])
    with controls:
        township, on, rain_h = control_choices()
with map_col:
    map_panel(township, on, rain_h)
with side:
    kpi_panel(township)
    typhoon_panel()
    alarm_panel(township)
