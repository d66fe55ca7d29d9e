"""The upstream simulator over real HTTP on loopback: contract, REFERENCE figures, faults, commands, scenarios."""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest
import requests

from data_access.sources import SYSTEMS
from simulator import server
from simulator.geo import Outline
from simulator.registry import id_check

TOKEN = "jinyun-sim-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ROOT = Path(__file__).resolve().parent.parent


def _start(scenario, **kw):
    sim = server.start(scenario=scenario, seed=2212, token=TOKEN, **kw)
    return sim


@pytest.fixture(scope="module")
def live():
    sim = _start("live")
    yield sim
    sim.stop()


@pytest.fixture(scope="module")
def muifa():
    sim = _start("muifa", speed=0)
    yield sim
    sim.stop()


@pytest.fixture(scope="module")
def ceremony():
    sim = _start("ceremony", speed=0)
    yield sim
    sim.stop()


def get(sim, path, **params):
    r = requests.get(f"{sim.url}/api/{path}", headers=AUTH, params=params, timeout=10)
    assert r.status_code == 200, r.text[:300]
    return r.json()


def get_all(sim, path, **params):
    items, page = [], 1
    while page:
        doc = get(sim, path, page=page, page_size=5000, **params)
        items += doc["items"]
        page = doc["next_page"]
    return items


def set_clock(sim, when, speed=0):
    r = requests.post(f"{sim.url}/_sim/clock", json={"time": when, "speed": speed}, timeout=5)
    assert r.status_code == 200, r.text


# ---------------------------------------------------------------------- contract
def test_auth_401(live):
    r = requests.get(f"{live.url}/api/iot/probes", timeout=5)
    assert r.status_code == 401 and "token" in r.json()["error"]
    r = requests.get(f"{live.url}/api/iot/probes", headers={"Authorization": "Bearer wrong"}, timeout=5)
    assert r.status_code == 401


def test_unknown_404_and_health(live):
    assert requests.get(f"{live.url}/api/nope/things", headers=AUTH, timeout=5).status_code == 404
    assert requests.get(f"{live.url}/api/iot/nothing", headers=AUTH, timeout=5).status_code == 404
    h = requests.get(f"{live.url}/_sim/health", timeout=5).json()
    assert h["ok"] is True and h["scenario"] == "live"


def test_probe_pagination_exact(live):
    seen, page, pages = [], 1, 0
    while page:
        doc = get(live, "iot/probes", page=page, page_size=5000)
        assert doc["total"] == 10396
        seen += [p["id"] for p in doc["items"]]
        page, pages = doc["next_page"], pages + 1
    assert pages == 3
    assert len(seen) == 10396 and len(set(seen)) == 10396


def _schema():
    cols: dict[str, dict[str, bool]] = {}
    for f in sorted((ROOT / "data_access" / "schema").glob("*.sql")):
        text = re.sub(r"--[^\n]*", "", f.read_text(encoding="utf-8"))
        for m in re.finditer(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*?)\);", text, re.S):
            table, body = m.group(1), m.group(2)
            body = re.sub(r"PRIMARY KEY \([^)]*\)", "", body)
            c = {}
            for part in body.split(","):
                words = part.split()
                if words and words[0].isidentifier():
                    c[words[0]] = "NOT NULL" in part or "PRIMARY KEY" in part
            cols[table] = c
    return cols


def test_fields_equal_schema_columns(muifa, ceremony):
    set_clock(muifa, "2022-09-14T20:00:00+08:00")
    set_clock(ceremony, "2026-04-05T10:00:00+08:00")
    schema = _schema()
    ts = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")
    for system in SYSTEMS:
        for res in system.resources:
            cols = schema[res.table]
            served = 0
            for sim in (muifa, ceremony):
                items = get(sim, f"{system.key}/{res.path}", page_size=200)["items"]
                for it in items:
                    assert set(it) == set(cols), (res.table, set(it) ^ set(cols))
                    for c, notnull in cols.items():
                        assert not notnull or it[c] is not None, (res.table, c)
                    for c in ("updated_at", "observed_at"):
                        if c in it:
                            assert ts.match(it[c]), it[c]
                served += len(items)
            if res.table != "dispatch_orders":   # only posted orders exist; checked in the command test
                assert served > 0, f"{system.key}/{res.path} served nothing in muifa or ceremony"


# ---------------------------------------------------------------------- REFERENCE figures
@pytest.fixture(scope="module")
def reg(live):
    names = {"townships": "census/townships", "villages": "census/villages", "probes": "iot/probes",
             "points": "geohazard/points", "zones": "geohazard/zones", "reservoirs": "hydro/reservoirs",
             "warehouses": "supplies/warehouses", "categories": "supplies/categories", "stock": "supplies/stock",
             "kits": "supplies/village_kits", "shelters": "shelters/shelters", "duty": "duty/persons",
             "units": "duty/command_units", "teams": "rescue/teams", "persons": "transfers/persons",
             "shared": "cowork/shared_items", "bodies": "census/bodies"}
    return {k: get_all(live, v) for k, v in names.items()}


def test_count_townships(reg):
    assert len(reg["townships"]) == 18
    assert {t["code"] for t in reg["townships"]} >= {"331122001000", "331122101000", "331122212000"}


def test_count_flash_flood_villages(reg):
    assert sum(v["flash_flood_key"] for v in reg["villages"]) == 228
    codes = {t["code"] for t in reg["townships"]}
    assert all(v["township_code"] in codes for v in reg["villages"])


def test_count_probes(reg):
    assert len(reg["probes"]) == 10396
    kinds = Counter(p["kind"] for p in reg["probes"])
    assert kinds.most_common(1)[0][0] == "video" and 250 <= kinds["rain"] <= 350
    assert all(p["stream_url"].startswith("rtsp://127.0.0.1/video/") for p in reg["probes"] if p["kind"] == "video")


def test_count_geohazard_points(reg):
    assert len(reg["points"]) == 13


def test_count_risk_zones(reg):
    assert len(reg["zones"]) == 230


def test_count_reservoirs(reg):
    assert len(reg["reservoirs"]) == 84
    assert all(r["flood_limit_level_m"] < r["crest_level_m"] for r in reg["reservoirs"])


def test_count_warehouses(reg):
    lv = Counter(w["level"] for w in reg["warehouses"])
    assert (len(reg["warehouses"]), lv["county"], lv["township"]) == (43, 25, 18)
    assert len({w["township_code"] for w in reg["warehouses"] if w["level"] == "township"}) == 18


def test_village_kits_totals(reg):
    tot = Counter()
    for k in reg["kits"]:
        tot[k["item"]] += k["quantity"]
    assert tot["卫星电话"] == 302
    assert tot["抽水泵"] == 300
    assert tot["应急发电机"] == 630
    assert tot["四小件"] == 3600
    assert len({k["village_code"] for k in reg["kits"]}) == len(reg["villages"])


def test_supplies_58_categories_over_37_16_million(reg):
    assert len(reg["categories"]) == 58
    total = sum(s["quantity"] for s in reg["stock"])
    assert 37_160_000 < total < 37_170_000
    assert any(s["quantity"] < s["min_quantity"] for s in reg["stock"])


def test_count_shelters(reg):
    assert len(reg["shelters"]) == 136


def test_count_responsible_persons(reg):
    roles = Counter(p["role"] for p in reg["duty"])
    assert roles["地质灾害巡查员"] == 181
    assert roles["山塘水库巡查员"] == 455
    assert roles["山洪灾害预警员"] == 260


def test_count_transfer_persons(reg):
    ps = reg["persons"]
    assert len(ps) == 10497
    for p in ps[:2000]:
        n = p["id_number"]
        assert len(n) == 18 and n.startswith("331122") and id_check(n[:17]) == n[17]
        assert len(p["phone"]) == 11 and p["phone"].isdigit()
    assert {p["echelon"] for p in ps} == {1, 2}


def test_count_rescue_teams(reg):
    assert len(reg["teams"]) == 6


def test_command_structure_1_5_18(reg):
    tiers = Counter(u["tier"] for u in reg["units"])
    assert (tiers["county"], tiers["special"], tiers["township"]) == (1, 5, 18)


def test_shared_items_30_from_10_systems(reg):
    assert len(reg["shared"]) == 30
    assert len({s["source_system"] for s in reg["shared"]}) >= 10


def test_every_point_inside_outline(reg):
    o = Outline()
    for k in ("townships", "villages", "probes", "points", "zones", "reservoirs", "warehouses", "shelters", "bodies"):
        for x in reg[k]:
            assert o.contains(x["lon"], x["lat"]), (k, x)
    for z in reg["zones"][:50]:
        assert all(o.contains(*p) for p in json.loads(z["polygon"]))


def test_updated_since_nothing_new_for_unchanged_registry(live):
    doc = get(live, "iot/probes", page_size=10)
    again = get(live, "iot/probes", updated_since=doc["cursor"])
    assert again["total"] == 0 and again["items"] == [] and again["cursor"] == doc["cursor"]
    assert get(live, "census/villages", updated_since=doc["cursor"])["total"] == 0


def test_readings_speed_and_shape(live):
    t0 = time.perf_counter()
    doc = get(live, "iot/readings", page_size=5000)
    assert time.perf_counter() - t0 < 1.0
    assert doc["total"] == 10396 * 72 and len(doc["items"]) == 5000
    it = doc["items"][0]
    assert set(it) == {"probe_id", "observed_at", "status", "value"} and it["status"] in ("online", "offline", "alarm")


# ---------------------------------------------------------------------- faults
@pytest.fixture()
def faulty(live):
    requests.delete(f"{live.url}/_sim/faults", timeout=5)
    yield live
    requests.delete(f"{live.url}/_sim/faults", timeout=5)


def add_fault(sim, kind, **kw):
    spec = {"system": "census", "resource": "townships", "kind": kind, "count": 1, **kw}
    r = requests.post(f"{sim.url}/_sim/faults", json=spec, timeout=5)
    assert r.status_code == 201, r.text


def test_fault_latency(faulty):
    add_fault(faulty, "latency", latency_s=0.4)
    t0 = time.perf_counter()
    get(faulty, "census/townships")
    assert time.perf_counter() - t0 >= 0.4


def test_fault_error_then_recovers(faulty):
    add_fault(faulty, "error")
    assert requests.get(f"{faulty.url}/api/census/townships", headers=AUTH, timeout=5).status_code == 503
    assert len(get(faulty, "census/townships")["items"]) == 18


def test_fault_timeout(faulty):
    add_fault(faulty, "timeout")
    with pytest.raises(requests.exceptions.Timeout):
        requests.get(f"{faulty.url}/api/census/townships", headers=AUTH, timeout=0.5)


def test_fault_malformed(faulty):
    add_fault(faulty, "malformed")
    r = requests.get(f"{faulty.url}/api/census/townships", headers=AUTH, timeout=5)
    with pytest.raises(ValueError):
        json.loads(r.text)


def test_fault_missing_and_renamed_field(faulty):
    add_fault(faulty, "missing_field", field="name")
    items = get(faulty, "census/townships")["items"]
    assert any("name" not in it for it in items) and any("name" in it for it in items)
    add_fault(faulty, "renamed_field", field="township_code", resource="villages")
    items = get(faulty, "census/villages")["items"]
    assert all("townshipCode" in it and "township_code" not in it for it in items)


def test_fault_duplicate_and_out_of_order(faulty):
    add_fault(faulty, "duplicate")
    items = get(faulty, "census/townships")["items"]
    assert len(items) > 18 and len({i["code"] for i in items}) == 18
    add_fault(faulty, "out_of_order", system="iot", resource="readings")
    items = get(faulty, "iot/readings", page=3, page_size=5000)["items"]
    stamps = [i["observed_at"] for i in items]
    assert stamps != sorted(stamps)


def test_fault_wildcard_and_list(faulty):
    r = requests.post(f"{faulty.url}/_sim/faults", json={"system": "*", "resource": "*", "kind": "error", "count": 2},
                      timeout=5)
    assert r.status_code == 201
    assert len(requests.get(f"{faulty.url}/_sim/faults", timeout=5).json()["faults"]) == 1
    assert requests.get(f"{faulty.url}/api/fleet/vehicles", headers=AUTH, timeout=5).status_code == 503
    bad = requests.post(f"{faulty.url}/_sim/faults", json={"kind": "gremlins"}, timeout=5)
    assert bad.status_code == 400


# ---------------------------------------------------------------------- commands
@pytest.fixture(scope="module")
def cmd():
    sim = _start("live", speed=0, start="2026-07-01T09:00:00+08:00")
    yield sim
    sim.stop()


def test_post_task_idempotent_and_advances(cmd):
    body = {"kind": "warning", "title": "核心区人群密度橙色预警", "detail": "3.6人/平方米", "department": "公安局",
            "assignee": "张三", "deadline": "2026-07-01T10:00:00+08:00", "source_ref": "EF01", "requested_by": "值班长"}
    url = f"{cmd.url}/api/cowork/tasks"
    assert requests.post(url, json=body, headers=AUTH, timeout=5).status_code == 400   # no Idempotency-Key
    h = {**AUTH, "Idempotency-Key": "k-task-1"}
    r1 = requests.post(url, json=body, headers=h, timeout=5)
    r2 = requests.post(url, json=body, headers=h, timeout=5)
    assert (r1.status_code, r2.status_code) == (201, 200)
    assert r1.json()["id"] == r2.json()["id"] and r1.json()["stage"] == "预警"
    mine = [t for t in get(cmd, "cowork/tasks")["items"] if t["idempotency_key"] == "k-task-1"]
    assert len(mine) == 1
    cursor = get(cmd, "cowork/tasks")["cursor"]
    set_clock(cmd, "2026-07-01T09:06:00+08:00")
    changed = get(cmd, "cowork/tasks", updated_since=cursor)["items"]
    assert [t["stage"] for t in changed if t["idempotency_key"] == "k-task-1"] == ["协同处置"]
    set_clock(cmd, "2026-07-01T09:30:00+08:00")
    t = [t for t in get(cmd, "cowork/tasks")["items"] if t["idempotency_key"] == "k-task-1"][0]
    assert t["stage"] == "评价反馈" and t["closed_at"] and t["feedback"]


def test_dispatch_order_delivers_and_reduces_stock(cmd):
    set_clock(cmd, "2026-07-01T11:00:00+08:00")
    stock = get_all(cmd, "supplies/stock")
    row = max((s for s in stock if s["warehouse_id"] == "WH01"), key=lambda s: s["quantity"])
    body = {"category_code": row["category_code"], "quantity": 100, "from_warehouse_id": "WH01", "to_kind": "shelter",
            "to_id": "SH001", "requested_by": "物资科"}
    h = {**AUTH, "Idempotency-Key": "k-order-1"}
    url = f"{cmd.url}/api/supplies/dispatch_orders"
    r1 = requests.post(url, json=body, headers=h, timeout=5)
    r2 = requests.post(url, json=body, headers=h, timeout=5)
    assert (r1.status_code, r2.status_code) == (201, 200) and r1.json()["id"] == r2.json()["id"]
    assert r1.json()["status"] == "sent"
    assert set(r1.json()) == set(_schema()["dispatch_orders"])
    assert len(get(cmd, "supplies/dispatch_orders")["items"]) == 1
    set_clock(cmd, "2026-07-01T14:00:00+08:00")
    order = get(cmd, "supplies/dispatch_orders")["items"][0]
    assert order["status"] == "delivered"
    after = {(s["warehouse_id"], s["category_code"]): s["quantity"] for s in get_all(cmd, "supplies/stock")}
    assert after[("WH01", row["category_code"])] == row["quantity"] - 100
    mv = [m for m in get(cmd, "supplies/movements")["items"] if m["order_id"] == order["id"]]
    assert len(mv) == 1 and mv[0]["direction"] == "out" and mv[0]["quantity"] == 100
    bad = requests.post(url, json={**body, "to_id": "nowhere"}, headers={**AUTH, "Idempotency-Key": "k2"}, timeout=5)
    assert bad.status_code == 400


# ---------------------------------------------------------------------- muifa
def test_muifa_typhoon_and_response_level(muifa):
    set_clock(muifa, "2022-09-14T12:00:00+08:00")
    track = get(muifa, "weather/typhoon_track", page_size=5000)["items"]
    past = [p for p in track if not p["is_forecast"]]
    fc = [p for p in track if p["is_forecast"]]
    assert len(past) > 50 and len(fc) >= 2
    assert past[-1]["observed_at"] == "2022-09-14T12:00:00+08:00" and fc[0]["r7_km"] > 0
    active = [r for r in get(muifa, "cowork/response_levels")["items"] if r["ended_at"] is None]
    assert [r["level"] for r in active] == [1]
    res = {r["id"]: r for r in get(muifa, "hydro/reservoirs")["items"]}
    last = {}
    for x in get_all(muifa, "hydro/reservoir_readings"):
        last[x["reservoir_id"]] = x
    over = [k for k, x in last.items() if x["level_m"] > res[k]["flood_limit_level_m"]]
    assert 3 <= len(over) <= 20
    alarms = [a for a in get(muifa, "iot/alarms")["items"] if a["kind"] == "reservoir" and a["status"] == "active"]
    assert {a["object_id"] for a in alarms} == set(over)


def test_muifa_transfers(muifa):
    def status_at(when):
        set_clock(muifa, when)
        return get_all(muifa, "transfers/persons")

    ps = status_at("2022-09-13T18:00:00+08:00")
    assert not all(p["status"] in ("已转", "在安置") for p in ps if p["echelon"] == 1)
    ps = status_at("2022-09-13T19:00:00+08:00")
    first = [p for p in ps if p["echelon"] == 1]
    assert first and all(p["status"] in ("已转", "在安置") for p in first)
    assert max(p["transferred_at"] for p in first) <= "2022-09-13T19:00:00+08:00"
    ps = status_at("2022-09-15T00:00:00+08:00")
    assert sum(p["status"] in ("已转", "在安置") for p in ps) == 905


def test_muifa_shelter_peak(muifa):
    set_clock(muifa, "2022-09-14T20:00:00+08:00")
    sh = get(muifa, "shelters/shelters", page_size=500)["items"]
    assert sum(s["status"] == "open" for s in sh) == 62
    assert sum(s["occupancy"] for s in sh) == 1038
    set_clock(muifa, "2022-09-14T21:00:00+08:00")  # one answer reaches back six hours: from the peak's start
    occ = Counter()
    for x in get_all(muifa, "shelters/occupancy", updated_since="2022-09-14T15:00:00+08:00"):
        occ[x["observed_at"]] += x["occupancy"]
    assert max(occ.values()) == 1038


# ---------------------------------------------------------------------- ceremony
def test_ceremony_main_zone_crosses_orange(ceremony):
    set_clock(ceremony, "2026-04-05T10:30:00+08:00")
    zones = get(ceremony, "efence/zones")["items"]
    main = [z for z in zones if z["is_main"]]
    assert len(main) == 1
    area = main[0]["usable_area_m2"]
    counts = [c for c in get_all(ceremony, "efence/counts", updated_since="2026-04-05T07:00:00+08:00")
              if c["zone_id"] == main[0]["id"]]
    dens = {c["observed_at"]: c["headcount"] / area for c in counts}
    crossed = sorted(t for t, d in dens.items() if d >= 3.57)
    assert crossed and "2026-04-05T09:30" <= crossed[0] <= "2026-04-05T10:00"
    assert max(dens.values()) < 5.55
    stages = get(ceremony, "cowork/ceremony_stages")["items"]
    assert len(stages) == 7 and any(s["actual_start"] and s["actual_start"] > s["planned_start"] for s in stages)
    posts = get(ceremony, "checkin/posts")["items"]
    assert any(p["missing_names"] for p in posts)
