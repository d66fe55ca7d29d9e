"""智慧应急 (/emergency): pure logic, every emergency SQL file's columns, and the page against direct SQL on the
same published snapshot (typhoon Muifa at 2022-09-14 12:00), the township filter and the layer switches by key."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data_access import emergency as em
from data_access import queries
from tests.pages import APP

MUIFA = ("muifa", "2022-09-14T12:00:00+08:00")
HUZHEN = ("壶镇镇", "331122101000")
QUERIES = sorted(p.stem for p in (Path(queries.__file__).parent).glob("emergency_*.sql"))


# --- pure logic --------------------------------------------------------------------------------------------


def test_distance_and_bearing():
    assert em.distance_km(120.0, 28.0, 120.0, 29.0) == pytest.approx(111.2, abs=0.3)
    assert em.distance_km(120.078, 28.658, 120.078, 28.658) == 0
    assert em.bearing_name(120.0, 28.0, 123.0, 28.0) == "东"
    assert em.bearing_name(120.0, 28.0, 119.0, 29.0) == "西北"


def test_closest_approach_on_a_straight_track_passing_north():
    t0 = datetime(2022, 9, 14, 0, 0)
    # A track along 29°N from 122°E to 118°E passes 1° of latitude north of (120°E, 28°N) at its midpoint.
    pts = [(t0, 122.0, 29.0), (t0 + timedelta(hours=8), 118.0, 29.0)]
    km, when = em.closest_approach(pts, 120.0, 28.0)
    assert km == pytest.approx(111.2, abs=1.0)
    assert abs((when - (t0 + timedelta(hours=4))).total_seconds()) <= 600


def test_typhoon_status_none_without_track_and_receding_after_pass():
    empty = pd.DataFrame(columns=["typhoon_id", "name", "observed_at", "is_forecast", "lat", "lon", "max_wind_ms",
                                  "pressure_hpa", "r7_km", "r10_km"])
    assert em.typhoon_status(empty) is None
    t0 = pd.Timestamp("2022-09-14 12:00")
    track = pd.DataFrame([
        {"typhoon_id": "X", "name": "测试", "observed_at": t0, "is_forecast": False, "lat": 28.7, "lon": 120.2,
         "max_wind_ms": 45.0, "pressure_hpa": 950.0, "r7_km": 300.0, "r10_km": None},
        {"typhoon_id": "X", "name": "测试", "observed_at": t0 + pd.Timedelta(hours=12), "is_forecast": True,
         "lat": 32.0, "lon": 121.0, "max_wind_ms": 30.0, "pressure_hpa": 980.0, "r7_km": 200.0, "r10_km": None},
    ])
    ty = em.typhoon_status(track)
    assert ty.in_r7 and not ty.approaching and ty.closest_km == pytest.approx(ty.distance_km)
    assert ty.r10_km is None and em.wind_class(ty.max_wind_ms) == "强台风"


@pytest.mark.parametrize(("rank", "rain", "risk"), [
    (0, None, "低"), (0, 49.9, "低"), (0, 50, "较低"), (0, 120, "较高"), (0, 300, "高"),
    (1, 0, "较高"), (3, 0, "高"), (4, 10, "高"),
])
def test_zone_risk(rank, rain, risk):
    assert em.zone_risk(rank, rain) == risk


def test_rain_grades():
    assert em.rain_grade(0, 24) == (0, "无雨")
    assert em.rain_grade(60, 24) == (4, "暴雨")
    assert em.rain_grade(260, 24) == (6, "特大暴雨")
    assert em.rain_grade(9, 1) == (4, "暴雨")
    assert em.rain_grade(float("nan"), 1)[0] == 0


def _shoelace(ring) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def _inside(pt, ring) -> bool:
    x, y, inside = pt[0], pt[1], False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            inside = not inside
    return inside


def test_township_areas_partition_the_outline():
    square = tuple((x, y) for x, y in ((0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)))
    seats = (("a", 0.5, 1.0), ("b", 1.5, 1.0), ("c", 1.0, 1.8))
    areas = em.township_areas(seats, square)
    assert sum(_shoelace(r) for r in areas.values()) == pytest.approx(_shoelace(list(square)), rel=1e-6)
    for code, lon, lat in seats:
        assert _inside((lon, lat), areas[code])


# --- every SQL file on a fixture warehouse -------------------------------------------------------------------


def _declared_columns(name: str) -> list[str]:
    """The columns the header comment declares (the 'Columns:' lines), in order."""
    head = "\n".join(line[2:] for line in queries.sql_text(name).splitlines() if line.startswith("--"))
    text = head.split("Columns:", 1)[1]
    text = re.sub(r"\([^()]*\)", "", re.sub(r"\([^()]*\)", "", text))  # drop (notes), also nested once
    return [c.strip() for c in text.replace("\n", " ").split(",") if c.strip()]


@pytest.mark.parametrize("name", QUERIES)
def test_sql_file_columns(at_scenario, name):
    at_scenario(*MUIFA)
    params = {"township": HUZHEN[1], "limit": 5, "cell_deg": em.PROBE_CELL_DEG}
    text = queries.sql_text(name)
    df = queries.run(name, **{k: v for k, v in params.items() if f"${k}" in text})
    assert list(df.columns) == _declared_columns(name)
    if "$township" in text and name != "emergency_probes":
        assert list(queries.run(name, **{k: (None if k == "township" else v) for k, v in params.items()
                                         if f"${k}" in text}).columns) == list(df.columns)


# --- the page against direct SQL on the same snapshot --------------------------------------------------------


def _sql(text: str, **params):
    return queries.reader().query(text, params or None).iloc[0].tolist()


def _page() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.run()
    at.switch_page("screens/emergency.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def _tile(text: str, label: str) -> str:
    m = re.search(rf'<div class="l">{re.escape(label)}</div><span class="v"[^>]*>([^<]*)</span>', text)
    assert m, f"tile {label} not on the page"
    return m.group(1)


def _decks(at: AppTest) -> list[dict]:
    return [json.loads(d.proto.json) for d in at.get("deck_gl_json_chart")]


def _layer_ids(at: AppTest) -> set[str]:
    return {layer["id"] for layer in _decks(at)[0]["layers"]}


DIRECT_KPIS = """
SELECT
  (SELECT count(*) FROM probe_state s JOIN probes p ON p.id = s.probe_id
    WHERE s.status <> 'offline' AND ($t IS NULL OR p.township_code = $t)),
  (SELECT count(*) FROM probe_state s JOIN probes p ON p.id = s.probe_id
    WHERE s.status = 'alarm' AND ($t IS NULL OR p.township_code = $t)),
  (SELECT count(*) FROM reservoirs r WHERE ($t IS NULL OR r.township_code = $t) AND r.flood_limit_level_m <
    (SELECT level_m FROM reservoir_readings x WHERE x.reservoir_id = r.id ORDER BY observed_at DESC LIMIT 1)),
  (SELECT count(*) FROM alarms WHERE status = 'active' AND kind IN ('displacement', 'geohazard')
    AND ($t IS NULL OR township_code = $t)),
  (SELECT count(DISTINCT object_id) FROM alarms WHERE status = 'active' AND kind = 'flash_flood'
    AND ($t IS NULL OR township_code = $t)),
  (SELECT count(*) FROM alarms WHERE status = 'active' AND ($t IS NULL OR township_code = $t))
"""


def _n(text: str) -> int:
    return int(text.replace(",", ""))


def _check_kpis(at: AppTest, township: str | None) -> None:
    online, alarm, over, geo, villages, active = _sql(DIRECT_KPIS, t=township)
    k = em.emergency_kpis(township)
    assert (k.probes_online, k.probes_alarm, k.reservoirs_over_limit, k.geohazard_alarms, k.villages_warning,
            k.active_alarms) == (online, alarm, over, geo, villages, active)
    page = _html(at)
    assert _n(_tile(page, "探头在线")) == online
    assert _n(_tile(page, "告警探头")) == alarm
    assert _n(_tile(page, "超汛限水库")) == over
    assert _n(_tile(page, "地灾告警")) == geo
    assert _n(_tile(page, "山洪预警村落")) == villages
    assert at.dataframe, "the alarm list is not on the page"


def test_muifa_page_matches_the_warehouse(at_scenario):
    at_scenario(*MUIFA)
    at = _page()
    _check_kpis(at, None)
    page = _html(at)
    # The response level in force at 12:00 on 09-14 is Ⅰ (raised at 17:00 on 09-13), from the same snapshot.
    level, since = _sql("""SELECT level, started_at FROM response_levels, scenario_clock c
                           WHERE started_at <= c.scenario_time AND (ended_at IS NULL OR ended_at > c.scenario_time)
                           ORDER BY level LIMIT 1""")
    assert (level, pd.Timestamp(since)) == (1, pd.Timestamp("2022-09-13 17:00"))
    assert _tile(page, "应急响应") == "Ⅰ级" and "自 09-13 17:00 起" in page
    # The seed's registry figures, counted from the warehouse.
    for figure in ("10,396", "13", "230", "84", "228"):
        assert f"<b>{figure}</b>" in page
    # The typhoon: its track on the map and on the overview, its name and distance in the panel.
    assert {"typhoon-track", "typhoon-forecast", "typhoon-wind-circles", "typhoon-now"} <= _layer_ids(at)
    track = next(la for la in _decks(at)[0]["layers"] if la["id"] == "typhoon-track")
    n_past = _sql("SELECT count(*) FROM typhoon_track WHERE NOT is_forecast AND typhoon_id = '2212'")[0]
    assert len(track["data"][0]["path"]) == n_past
    assert "台风“梅花”" in page and "km" in page
    # County zoom sends grid aggregates, not 10,396 points, and keeps the spec small.
    assert "probe-cells" in _layer_ids(at) and "probes" not in _layer_ids(at)
    assert len(at.get("deck_gl_json_chart")[0].proto.json) < 400_000
    # The alarm list, newest first, equals the warehouse's alarms.
    alarms = em.alarms(None, 40)
    assert len(alarms) == min(40, _sql("SELECT count(*) FROM alarms")[0])
    assert alarms["started_at"].is_monotonic_decreasing


def test_township_filter_zooms_and_filters_every_panel(at_scenario):
    at_scenario(*MUIFA)
    at = _page()
    assert at.selectbox(key="emergency_township").value == "全县"
    at.selectbox(key="emergency_township").set_value(HUZHEN[0]).run()
    assert not at.exception, [e.value for e in at.exception]
    _check_kpis(at, HUZHEN[1])
    spec = _decks(at)[0]
    lon, lat = _sql("SELECT lon, lat FROM townships WHERE code = $c", c=HUZHEN[1])
    view = spec["initialViewState"]
    assert (view["longitude"], view["latitude"], view["zoom"]) == (lon, lat, pytest.approx(11.2))
    probes = next(la for la in spec["layers"] if la["id"] == "probes")
    assert len(probes["data"]) == _sql("SELECT count(*) FROM probes WHERE township_code = $c", c=HUZHEN[1])[0]
    assert set(em.alarms(HUZHEN[1], 40)["township"]) == {HUZHEN[0]}
    total = _tile(_html(at), "探头在线")
    assert _n(total) == _sql("""SELECT count(*) FROM probe_state s JOIN probes p ON p.id = s.probe_id
                               WHERE s.status <> 'offline' AND p.township_code = $c""", c=HUZHEN[1])[0]


def test_layer_switches_by_key_and_the_choices_survive_a_township_change(at_scenario):
    at_scenario(*MUIFA)
    at = _page()
    assert "rainfall" not in _layer_ids(at)
    at.toggle(key="emergency_layer_typhoon").set_value(False)
    at.toggle(key="emergency_layer_rain").set_value(True)
    at.toggle(key="emergency_layer_zones").set_value(False).run()
    ids = _layer_ids(at)
    assert "rainfall" in ids and "typhoon-track" not in ids and "risk-zones" not in ids
    at.selectbox(key="emergency_township").set_value(HUZHEN[0]).run()
    ids = _layer_ids(at)
    assert at.toggle(key="emergency_layer_typhoon").value is False and "typhoon-track" not in ids
    assert "rainfall" in ids
    at.toggle(key="emergency_layer_video").set_value(True).run()
    video = next(la for la in _decks(at)[0]["layers"] if la["id"] == "video-probes")
    assert video["data"] and all("视频流" in row["tip"] and "数据时间" in row["tip"] for row in video["data"][:20])


def test_wall_has_no_controls_and_takes_its_township_from_the_url(at_scenario):
    at_scenario(*MUIFA)
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params["kiosk"] = "1"
    at.query_params["township"] = HUZHEN[0]
    at.run()
    at.switch_page("screens/emergency.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.toggle and not at.selectbox, "the wall shows no layer switch or township filter"
    _check_kpis(at, HUZHEN[1])
    spec = _decks(at)[0]
    lon, lat = _sql("SELECT lon, lat FROM townships WHERE code = $c", c=HUZHEN[1])
    assert (spec["initialViewState"]["longitude"], spec["initialViewState"]["latitude"]) == (lon, lat)
    assert {"probes", "reservoirs", "typhoon-track"} <= _layer_ids(at)
