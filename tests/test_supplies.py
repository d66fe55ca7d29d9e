"""The 应急物资在线 screen: its SQL on fixture warehouses, the seed's figures, the page by key, and dispatch
orders that go through the outbox exactly once."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
import requests
from streamlit.testing.v1 import AppTest

from data_access import commands, queries, supplies
from data_access.loaders import LOADERS
from data_access.warehouse import Ingest
from simulator import server as sim_server
from tests.conftest import fast_client, settings_for
from tests.pages import APP

QUERY_DIR = Path(queries.__file__).parent
HUZHEN = "331122101000"
PARAMS = {  # every supplies_*.sql with the parameters it binds
    "supplies_overview": {}, "supplies_townships": {}, "supplies_categories": {},
    "supplies_warehouses": {"township": None},
    "supplies_stock_by_category": {"township": HUZHEN, "warehouse": None},
    "supplies_shortfalls": {"township": None, "warehouse": None, "category": None},
    "supplies_movements": {"township": None, "warehouse": None, "category": None, "limit": 10},
    "supplies_movements_all": {"township": None, "warehouse": None, "category": None, "limit": 10},
    "supplies_kit_totals": {"township": None}, "supplies_kit_by_township": {},
    "supplies_villages_lacking": {"township": None}, "supplies_shelters": {"township": HUZHEN},
    "supplies_shelter_trend": {"township": None}, "supplies_dispatch_candidates": {"category": "C32"},
    "supplies_destinations": {"township": HUZHEN}, "supplies_dispatch_orders": {"limit": 5},
}


def header_columns(name: str) -> list[str]:
    """The output columns the SQL file's header comment promises."""
    text = (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")
    header = " ".join(line.lstrip("- ") for line in text.splitlines() if line.startswith("--"))
    listed = header.split("Columns:", 1)[1]
    return [re.match(r"\w+", part.strip()).group(0) for part in listed.split(",")]


def test_every_supplies_sql_file_is_covered():
    assert {p.stem for p in QUERY_DIR.glob("supplies_*.sql")} == set(PARAMS)


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_sql_runs_and_returns_its_header_columns(loaded, name):
    frame = queries.run(name, **PARAMS[name])
    assert list(frame.columns) == header_columns(name)


def test_the_movement_board_gives_the_whole_tables_answer(republish, monkeypatch):
    """The board reads the newest movements kept at publish, and the whole table when a filter reaches past them."""
    monkeypatch.setattr(supplies, "RECENT_MOVEMENTS", 12)  # a shallow board, so narrow filters reach past it
    republish()
    assert len(queries.run("supplies_movements", township=None, warehouse=None, category=None, limit=100)) == 12
    every = queries.run("supplies_movements_all", township=None, warehouse=None, category=None, limit=100_000)
    assert len(every) > 20
    busiest = every["warehouse_id"].value_counts().index[0]
    for filters in ({}, {"warehouse": busiest}, {"township": HUZHEN}, {"category": every["category"].iloc[0]}):
        params = {"township": None, "warehouse": None, "category": None, **filters}
        if "category" in filters:
            params["category"] = queries.run("supplies_categories").set_index("name").loc[filters["category"], "code"]
        for limit in (5, 20):
            got = supplies.movements(**params, limit=limit)
            want = queries.run("supplies_movements_all", **params, limit=limit)
            pd.testing.assert_frame_equal(got, want)


def test_seed_figures_come_from_the_warehouse(loaded):
    o = supplies.overview()
    assert (o["warehouses"], o["county_warehouses"], o["township_warehouses"], o["townships_covered"]) == (43, 25, 18, 18)
    assert o["categories"] == 58 and o["items"] > 37_160_000 and o["rows_below_min"] > 0
    kits = supplies.kit_totals().set_index("item")["quantity"].to_dict()
    assert kits == {"卫星电话": 302, "抽水泵": 300, "应急发电机": 630, "四小件": 3600}
    assert len(supplies.shelters()) == 136
    lacking = supplies.villages_lacking()
    assert not lacking.empty and (lacking["quantity"] < lacking["required"]).all()
    by_town = supplies.kit_by_township()
    assert len(by_town) == 18 and by_town["phones"].sum() == 302 and by_town["small_sets"].sum() == 3600
    assert by_town["villages_lacking"].sum() == lacking["village_code"].nunique()


def test_muifa_peak_62_open_shelters_1038_sheltered(at_scenario):
    at_scenario("muifa", "2022-09-14T18:00:00+08:00")
    sh = supplies.shelters()
    assert (sh["status"] == "open").sum() == 62 and sh["occupancy"].sum() == 1038
    trend = supplies.shelter_trend()
    assert trend["sheltered"].iloc[-1] == 1038


def test_order_board_joins_outbox_and_upstream_status():
    cats = pd.DataFrame({"code": ["C32"], "name": ["帐篷"], "unit": ["顶"]})
    whs = pd.DataFrame({"id": ["WH01"], "name": ["县应急物资储备中心库"]})
    dests = pd.DataFrame({"to_kind": ["shelter"], "to_id": ["SH001"], "name": ["某避灾安置点"]})
    outbox = pd.DataFrame([
        {"idempotency_key": k, "created_at": pd.Timestamp("2022-09-14T10:00:00Z"), "status": s, "category_code": "C32",
         "quantity": 5, "from_warehouse_id": "WH01", "to_kind": "shelter", "to_id": "SH001"}
        for k, s in (("a", "pending"), ("b", "delivered"), ("c", "delivered"))])
    orders = pd.DataFrame([{"idempotency_key": "c", "status": "in_transit", "created_at": pd.Timestamp("2022-09-14 18:00"),
                            "category": "帐篷", "unit": "顶", "quantity": 5, "from_name": "x", "to_name": "y"}])
    board = supplies.order_board(orders, outbox, cats, whs, dests)
    assert board[["指令", "状态"]].values.tolist() == [["待发送", "—"], ["已发送", "等待回传"], ["已发送", "运输中"]]
    assert board["下达时间"].iloc[0] == "09-14 18:00" and board["数量"].iloc[0] == "5 顶"
    assert board["目的地"].iloc[0] == "某避灾安置点"


# --- the page, by key ----------------------------------------------------------------------------------------


def open_page(role: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    if role:
        at.session_state["role"] = role
        at.session_state["user"] = "duty"
        at.session_state["signed_in_at"] = datetime.now(UTC)
    at.switch_page("screens/supplies.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_text(at: AppTest) -> str:
    parts = [str(getattr(e, "proto", "")) for e in at.get("html")]
    parts += [str(e.value) for e in at.markdown] + [str(e.value) for e in at.caption]
    return "\n".join(parts)


def test_viewer_sees_figures_and_no_dispatch_control(at_scenario):
    at_scenario("muifa", "2022-09-14T18:00:00+08:00")
    at = open_page()
    text = page_text(at)
    for figure in ("43", "302", "300", "630", "3,600", "58", "3,716.6", "62", "1,038"):
        assert f">{figure}<" in text, figure
    assert "县级 25 · 乡镇 18" in text
    assert not [b for b in at.button if (b.key or "").startswith("supplies_dispatch")]
    assert not [s for s in at.selectbox if (s.key or "").startswith("supplies_dispatch")]
    assert len(at.get("deck_gl_json_chart")) == 1 and len(at.get("plotly_chart")) == 3


def test_filters_by_key(loaded):
    at = open_page()
    at.selectbox(key="supplies_township").set_value(HUZHEN).run()
    assert not at.exception
    options = at.selectbox(key="supplies_warehouse").options
    assert len(options) == 3  # 全部仓库 + the county sub-depot and the township store in 壶镇镇
    at.selectbox(key="supplies_warehouse").set_value("WH29").run()
    at.selectbox(key="supplies_category").set_value("C32").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("帐篷" in str(c.value) for c in at.caption)
    assert not [w.value for w in at.warning if "暂时无法读取" in str(w.value)]


def test_commander_double_tap_makes_one_order(loaded, tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))  # a fresh outbox; queries still read the loaded warehouse
    at = open_page("commander")
    assert at.selectbox(key="supplies_dispatch_to") is not None
    at.selectbox(key="supplies_dispatch_category").set_value("C32").run()
    at.number_input(key="supplies_dispatch_qty").set_value(40).run()
    key = at.session_state["supplies_dispatch_key"]
    at.button(key="supplies_dispatch_send").click().run()
    at.button(key="supplies_dispatch_send").click().run()
    assert not at.exception, [e.value for e in at.exception]
    queued = supplies.outbox_dispatches(path=tmp_path / "commands.sqlite")
    assert len(queued) >= 1 and queued["idempotency_key"].str.startswith(key).all()
    assert queued["idempotency_key"].is_unique and int(queued["quantity"].sum()) == 40
    results = commands.audit_log(path=tmp_path / "commands.sqlite")["result"].tolist()
    assert results.count("queued") == len(queued) and results.count("duplicate ignored") == len(queued)
    assert at.session_state["supplies_dispatch_key"] == key  # kept until upstream accepts the order
    assert any("待发送" in str(df.value.to_string()) for df in at.dataframe)


# --- the outbox against a real simulator that is down, then up -----------------------------------------------


@pytest.fixture
def sim():
    s = sim_server.start(host="127.0.0.1", port=0, scenario="muifa", start="2022-09-14T12:00:00+08:00", speed=0)
    yield s
    s.stop()


def test_dispatch_while_upstream_down_is_delivered_exactly_once(sim, tmp_path):
    settings = settings_for(sim, tmp_path, "muifa")
    fault = {"system": "supplies", "resource": "dispatch_orders", "kind": "error", "count": None}
    requests.post(f"{sim.url}/_sim/faults", json=fault, timeout=5).raise_for_status()
    payload = {"category_code": "C32", "quantity": 3, "from_warehouse_id": "WH01", "to_kind": "shelter", "to_id": "SH001"}
    t0 = datetime.now(UTC)
    key = "tap-exactly-once"
    commands.enqueue("dispatch", payload, actor="duty", role="commander", idempotency_key=key,
                     path=settings.commands_path, now=t0)
    commands.enqueue("dispatch", payload, actor="duty", role="commander", idempotency_key=key,  # the double tap
                     path=settings.commands_path, now=t0)
    with requests.Session() as session:
        assert commands.deliver_pending(session, settings, now=t0) == 0
        cmd = commands.get_command(key, settings.commands_path)
        assert cmd["status"] == "pending" and "503" in cmd["last_error"]
        assert supplies.outbox_dispatches(path=settings.commands_path)["status"].tolist() == ["pending"]

        requests.delete(f"{sim.url}/_sim/faults", timeout=5).raise_for_status()
        assert commands.deliver_pending(session, settings, now=t0 + timedelta(seconds=1)) == 0  # still backing off
        delivered, at = 0, t0 + timedelta(seconds=3)
        for _ in range(3):  # a pooled connection the fault's 503 left half-closed may cost one more retry
            delivered += commands.deliver_pending(session, settings, now=at)
            if delivered:
                break
            at = datetime.fromisoformat(commands.get_command(key, settings.commands_path)["next_attempt_at"])
        assert delivered == 1, commands.get_command(key, settings.commands_path)
        assert commands.deliver_pending(session, settings, now=at + timedelta(minutes=5)) == 0
    assert commands.get_command(key, settings.commands_path)["status"] == "delivered"
    assert supplies.outbox_accepted([key], settings.commands_path)

    ingest = Ingest(settings)
    try:
        result = LOADERS["supplies"](fast_client(settings), ingest)
        assert result.status == "ok", result
        rows = ingest.cursor().execute(
            "SELECT status, quantity FROM dispatch_orders WHERE idempotency_key = ?", [key]).fetchall()
    finally:
        ingest.close()
    assert rows == [("sent", 3)]
