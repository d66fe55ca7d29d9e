"""The 风险研判 screen: its SQL on real warehouses, the seed's figures, Muifa transfers, exports and masking."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from data_access import queries, risk
from tests.pages import APP

QUERIES = Path(__file__).resolve().parent.parent / "data_access" / "queries"
PARAMS = {"township": None, "deadline": risk.FIRST_ECHELON_DEADLINE,
          "limit": 50}
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")


def documented_columns(name: str) -> list[str]:
    """The 'Columns:' list of a query's header comment (may continue on following comment lines)."""
    header = [ln[2:].strip() for ln in queries.sql_text(name).splitlines() if ln.startswith("--")]
    text, on = "", False
    for ln in header:
        if ln.startswith("Columns:"):
            on, ln = True, ln[len("Columns:"):]
        elif on and re.match(r"^[A-Z][a-z]+:|^Distances", ln):
            break
        if on:
            text += " " + ln
    return [c.strip() for c in text.split(",") if c.strip()]


@pytest.mark.parametrize("name", sorted(p.stem for p in QUERIES.glob("risk_*.sql")))
def test_every_risk_query_runs_and_returns_its_documented_columns(loaded, name):
    sql = queries.sql_text(name)
    params = {k: v for k, v in PARAMS.items() if f"${k}" in sql}
    df = queries.run(name, **params)
    assert list(df.columns) == documented_columns(name)


def test_seed_figures_come_from_the_warehouse(loaded):
    o = risk.overview()
    assert (o["people_in_zones"], o["shelters"], o["rescue_teams"]) == (10497, 136, 6)
    assert (o["geohazard_patrollers"], o["reservoir_patrollers"], o["flood_warners"]) == (181, 455, 260)
    assert o["command_units"] == 1 + 5 + 18
    assert sum(risk.responsible_counts().values()) == 181 + 455 + 260


def test_every_body_is_assessed_and_in_one_of_the_eight_lists(loaded):
    bodies = risk.assessed_bodies()
    assert len(bodies) == risk.overview()["bodies"] > 0
    assert set(bodies["risk_list"]) == set(risk.RISK_LISTS)
    assert bodies["level"].isin(["低", "较低", "较高", "高"]).all()
    # sorted by risk: the level rank never goes back up
    assert bodies["level_rank"].is_monotonic_increasing


def test_export_opens_in_pandas_with_the_rows_on_screen(loaded):
    rows = risk.risk_list(risk.assessed_bodies(), "人员转移", level=None)
    shown = risk.list_table(rows)
    csv = pd.read_csv(io.BytesIO(risk.to_csv_bytes(shown)), encoding="utf-8-sig")
    xlsx = pd.read_excel(io.BytesIO(risk.to_xlsx_bytes(shown)))
    for back in (csv, xlsx):
        assert list(back.columns) == list(shown.columns)
        assert back["承灾体"].tolist() == shown["承灾体"].tolist()
        assert back["序号"].tolist() == list(range(1, len(shown) + 1))


def test_response_level_and_first_echelon_helpers():
    history = pd.DataFrame({
        "level": [4, 3, 1], "reason": ["a", "b", "c"],
        "started_at": pd.to_datetime(["2022-09-12 08:00", "2022-09-13 08:00", "2022-09-13 17:00"]),
        "ended_at": pd.to_datetime(["2022-09-13 08:00", "2022-09-13 17:00", None])})
    assert risk.current_response(history, datetime(2022, 9, 12, 9)).integrated_office is False
    r = risk.current_response(history, datetime(2022, 9, 13, 9))
    assert r.level == 3 and r.integrated_office
    assert risk.current_response(history, datetime(2022, 9, 11)).level is None
    totals = {"first_total": 600, "first_ordered": 600, "first_done": 550, "first_done_by_deadline": 550}
    e = risk.first_echelon(totals, datetime(2022, 9, 13, 18, 0))
    assert not e.complete and e.text == "距截止 1 小时 00 分"
    assert "未下达" in risk.first_echelon({**totals, "first_ordered": 0, "first_done": 0}, None).text


# --- the page ------------------------------------------------------------------------------------------------


@pytest.fixture
def media(monkeypatch):
    """Every in-memory media store AppTest creates, so a test can read a download button's bytes."""
    stores = []

    class Recording(app_test_module.MemoryMediaFileStorage):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            stores.append(self)

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", Recording)
    return stores


def open_page(session: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for k, v in (session or {}).items():
        at.session_state[k] = v
    at.run()
    at.switch_page("screens/risk.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _walk(node):
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)


def screen_text(at: AppTest) -> str:
    """Everything the page puts on screen: every element's proto (html, markdown, tiles, deck JSON...) and the
    full contents of every dataframe."""
    parts = []
    for node in _walk(at._tree):
        if getattr(node, "type", "") in ("arrow_data_frame", "dataframe"):
            parts.append(node.value.to_csv(index=False))
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
    return "\n".join(parts)


def tile_value(at: AppTest, label: str) -> str:
    for h in at.get("html"):
        m = re.search(re.escape(label) + r'</div><span class="v"[^>]*>([^<]+)</span>', h.proto.body)
        if m:
            return m.group(1)
    raise AssertionError(f"no tile {label}")


def list_table(at: AppTest) -> pd.DataFrame:
    """The risk-list table on screen (AppTest does not expose a dataframe's key: found by its columns)."""
    return next(d.value for d in at.dataframe if {"承灾体", "建议措施"} <= set(d.value.columns))


def test_page_shows_the_seed_figures_map_and_lists(loaded):
    at = open_page()
    text = screen_text(at)
    for figure in ("10,497", "136", "181", "455", "260"):
        assert figure in text, figure
    assert tile_value(at, "救援队伍") == "6"
    assert len(at.get("deck_gl_json_chart")) == 1
    assert "层次分析法" in text and "CR" in text
    table = list_table(at)
    at.selectbox(key="risk_list").set_value("山塘水库").run()
    reservoirs = list_table(at)
    assert set(reservoirs["类型"]) == {"山塘水库"} and not reservoirs.equals(table)
    at.selectbox(key="risk_level").set_value("低").run()
    assert set(list_table(at)["风险等级"]) <= {"低（Ⅳ级）"}


def test_export_buttons_hold_exactly_the_rows_on_screen(loaded, media):
    at = open_page()
    at.selectbox(key="risk_list").set_value("危旧房").run()
    town = risk.townships().set_index("name").loc["壶镇镇", "code"]
    at.selectbox(key="risk_township").set_value(town).run()
    shown = list_table(at)
    assert len(shown) > 0 and set(shown["乡镇"]) == {"壶镇镇"}
    exported = {}
    for key in ("risk_export_csv", "risk_export_xlsx"):
        url = at.get("download_button")[[b.proto.id.endswith(key) for b in at.get("download_button")].index(True)]
        filename = url.proto.url.rsplit("/", 1)[-1]
        content = next(s.get_file(filename).content for s in reversed(media)
                       if filename.split(".")[0] in s._files_by_id)
        exported[key] = (pd.read_csv(io.BytesIO(content), encoding="utf-8-sig") if key.endswith("csv")
                         else pd.read_excel(io.BytesIO(content)))
    for back in exported.values():
        assert back["承灾体"].tolist() == shown["承灾体"].tolist()
        assert back["风险等级"].tolist() == shown["风险等级"].tolist()
        assert not PHONE.search(back.to_csv()) and not ID_NUMBER.search(back.to_csv())


def test_viewer_never_sees_a_full_phone_or_id_number(at_scenario):
    at_scenario("muifa", "2022-09-14T12:00:00+08:00")  # people are moving: the person tables are full
    viewer = screen_text(open_page())
    assert "138****" in viewer or "*" in viewer
    assert not PHONE.search(viewer), PHONE.search(viewer).group(0)
    assert not ID_NUMBER.search(viewer), ID_NUMBER.search(viewer).group(0)
    # The same scan does find them for a commander, so it would catch a leak.
    commander = screen_text(open_page({"user": "cmd", "role": "commander", "signed_in_at": datetime.now(UTC)}))
    assert PHONE.search(commander) and ID_NUMBER.search(commander)


@pytest.mark.parametrize(("at", "transferred", "first", "complete"), [
    ("2022-09-15T06:00:00+08:00", 905, "600/600", True),
    ("2022-09-13T19:00:00+08:00", None, "600/600", True),
    ("2022-09-13T18:00:00+08:00", None, None, False),
])
def test_muifa_transfers_as_the_screen_shows_them(at_scenario, at, transferred, first, complete):
    at_scenario("muifa", at)
    page = open_page()
    if transferred is not None:
        assert tile_value(page, "已转移人员") == f"{transferred:,}"
    shown = tile_value(page, "第一梯次转移")
    done, total = (int(x) for x in shown.split("/"))
    assert total == 600
    if first is not None:
        assert shown == first
    assert (done == total) is complete
    text = screen_text(page)
    assert ("已按时全部转移到位" in text) is complete
    if not complete:
        assert "距截止 1 小时 00 分" in text
