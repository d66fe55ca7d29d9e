"""The 祭典在线 screen against the real ceremony simulator: its SQL, the warning within one e-fence refresh,
roles (viewer has no control, commander has them), one-tap dispatch with a double tap, and exactly-once delivery
while the 协同处置 system is down and then up."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
import requests
from streamlit.testing.v1 import AppTest

from data_access import ceremony, commands, queries
from data_access.loaders import LOADERS
from data_access.warehouse import Ingest, Reader
from simulator import server as sim_server
from tests.conftest import fast_client, settings_for
from tests.pages import APP

START = datetime.fromisoformat("2026-04-05T09:36:00+08:00")
SYSTEMS = ("efence", "checkin", "livestream", "opinion", "fleet", "tourism", "cowork")
PAGE = "screens/ceremony.py"

EXPECTED_COLUMNS = {
    "ceremony_stages": ["id", "seq", "name", "planned_start", "planned_end", "actual_start", "actual_end"],
    "ceremony_zone_now": ["zone_id", "name", "is_main", "lon", "lat", "polygon", "usable_area_m2", "observed_at",
                          "headcount", "inflow", "outflow", "density"],
    "ceremony_zone_trend": ["zone_id", "name", "is_main", "observed_at", "headcount", "inflow", "outflow", "density"],
    "ceremony_duty_posts": ["id", "post", "department", "location", "planned_at", "staff_required",
                            "staff_checked_in", "missing_names", "updated_at"],
    "ceremony_livestream": ["observed_at", "viewers", "shares", "likes", "reach_index"],
    "ceremony_opinion_items": ["id", "source", "title", "sentiment", "label", "published_at"],
    "ceremony_opinion_buckets": ["bucket", "total", "positive", "neutral", "negative"],
    "ceremony_vehicles": ["id", "plate", "kind", "department", "lon", "lat", "status", "updated_at"],
    "ceremony_tourism_now": ["spot_id", "spot_name", "observed_at", "visitors", "tickets", "parking_used",
                             "parking_capacity"],
    "ceremony_shared_items": ["id", "name", "source_system", "value", "unit", "updated_at"],
    "ceremony_tasks": ["id", "idempotency_key", "kind", "title", "department", "assignee", "deadline", "source_ref",
                       "stage", "created_at", "generated_at", "handling_at", "closed_at", "feedback",
                       "requested_by", "updated_at"],
}


class Venue:
    """A ceremony simulator frozen at 09:36, a private ingest loaded from it, and queries pointed at its snapshots."""

    def __init__(self, tmp_path):
        self.sim = sim_server.start(host="127.0.0.1", port=0, scenario="ceremony", start=START.isoformat(), speed=0)
        self.settings = settings_for(self.sim, tmp_path, "ceremony")
        self.ingest = Ingest(self.settings)
        self.client = fast_client(self.settings)
        self.session = requests.Session()
        self.load(*SYSTEMS)
        queries.use_reader(Reader(self.settings.snapshot_dir))
        os.environ["DATA_DIR"] = str(self.settings.data_dir)

    def load(self, *systems: str) -> None:
        for key in systems:
            assert LOADERS[key](self.client, self.ingest).status == "ok", key
        self.ingest.publish()

    def clock(self, at: datetime) -> None:
        requests.post(f"{self.sim.url}/_sim/clock", json={"time": at.isoformat(), "speed": 0},
                      timeout=5).raise_for_status()

    def fault(self, kind: str | None) -> None:
        if kind is None:
            requests.delete(f"{self.sim.url}/_sim/faults", timeout=5).raise_for_status()
        else:
            body = {"system": "cowork", "resource": "tasks", "kind": kind, "count": None}
            requests.post(f"{self.sim.url}/_sim/faults", json=body, timeout=5).raise_for_status()

    def close(self) -> None:
        self.session.close()
        self.ingest.close()
        self.sim.stop()
        queries.use_reader(None)


@pytest.fixture(scope="module")
def venue(tmp_path_factory):
    saved = os.environ.get("DATA_DIR")
    v = Venue(tmp_path_factory.mktemp("ceremony"))
    yield v
    v.close()
    if saved is None:
        os.environ.pop("DATA_DIR", None)
    else:
        os.environ["DATA_DIR"] = saved


@pytest.fixture
def fresh(venue):
    """Each test starts at 09:36 with no faults, and with the queries pointed at this venue's snapshots."""
    venue.fault(None)
    queries.use_reader(Reader(venue.settings.snapshot_dir))
    os.environ["DATA_DIR"] = str(venue.settings.data_dir)
    return venue


def page(role: str | None = None, user: str = "zhangsan") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    if role:
        at.session_state["role"] = role
        at.session_state["user"] = user
        at.session_state["signed_in_at"] = datetime.now(UTC)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [w.value for w in at.warning if "暂时无法读取" in str(w.value)]
    return at


def html_text(at: AppTest) -> str:
    return "\n".join(str(h.proto.body) for h in at.get("html"))


def command_buttons(at: AppTest) -> list[str]:
    return [b.key for b in at.button if b.key and b.key.startswith(("cer_task_", "cer_warning_"))]


@pytest.mark.parametrize("name", sorted(EXPECTED_COLUMNS))
def test_sql_columns(fresh, name):
    now = START.replace(tzinfo=None)
    params = {
        "ceremony_zone_now": {"at": now}, "ceremony_tourism_now": {"at": now},
        "ceremony_zone_trend": {"since": now - timedelta(hours=1), "until": now},
        "ceremony_livestream": {"since": now - timedelta(hours=1), "until": now},
        "ceremony_opinion_items": {"until": now, "limit": 5},
        "ceremony_opinion_buckets": {"since": now - timedelta(hours=2), "until": now, "bucket_min": 10},
        "ceremony_tasks": {"since": now.replace(hour=0, minute=0)},
    }.get(name, {})
    frame = queries.run(name, **params)
    assert list(frame.columns) == EXPECTED_COLUMNS[name]
    assert not frame.empty, name


def test_scenario_figures(fresh):
    now = START.replace(tzinfo=None)
    zones = ceremony.zones_now(now)
    main = zones[zones["is_main"]].iloc[0]
    assert main["name"] == "祭祀广场核心区" and main["usable_area_m2"] == pytest.approx(1794, abs=1)
    assert len(ceremony.shared_items()) == 30
    posts = ceremony.duty_posts()
    assert set(posts.loc[posts["missing_names"].notna(), "id"]) >= {"DP05", "DP13"}


def test_orange_warning_within_one_efence_refresh(fresh):
    at = page()
    assert "祭祀广场核心区密度" not in html_text(at), "no orange warning before the threshold is crossed"
    fresh.clock(START + timedelta(minutes=2))
    fresh.load("efence")  # ONE e-fence cycle, then the page's next refresh
    at.run()
    assert not at.exception
    text = html_text(at)
    assert "橙·人群密度橙色预警" in text and "祭祀广场核心区密度" in text
    assert "预测" in text  # the projection is labelled as such
    assert at.get("deck_gl_json_chart") and at.get("plotly_chart")
    fresh.clock(START)
    fresh.load("efence")


def test_viewer_has_no_command_control_and_commander_has_them(fresh):
    viewer = page()
    assert command_buttons(viewer) == []
    assert not any(p for p in viewer.get("popover")), "the audit log is for commanders"
    commander = page("commander")
    keys = command_buttons(commander)
    assert any(k.startswith("cer_task_") for k in keys) and any(k.startswith("cer_warning_") for k in keys)


def test_double_tap_makes_one_task_delivered_once_after_cowork_comes_back(fresh):
    at = page("commander", user="lisi")
    key = next(k for k in command_buttons(at) if k.startswith("cer_task_") and "post_unstaffed-DP05" in k)
    at.button(key=key).click().run()
    at.button(key=key).click().run()  # the double tap
    mine = commands.list_commands(path=fresh.settings.commands_path)
    mine = mine[mine["actor"] == "lisi"]
    assert len(mine) == 1 and mine["status"].iloc[0] == "pending"
    audit = commands.audit_log(path=fresh.settings.commands_path)
    assert list(audit.loc[audit["actor"] == "lisi", "result"]) == ["duplicate ignored", "queued"]
    cmd = commands.get_command(mine["idempotency_key"].iloc[0], fresh.settings.commands_path)
    assert cmd["payload"]["department"] == "交通运输局" and cmd["payload"]["assignee"] and cmd["payload"]["deadline"]

    fresh.fault("error")  # 协同处置 down: the task waits in the outbox
    t0 = datetime.now(UTC)
    assert commands.deliver_pending(fresh.session, fresh.settings, now=t0) == 0
    assert commands.get_command(cmd["idempotency_key"], fresh.settings.commands_path)["status"] == "pending"
    fresh.clock(START + timedelta(minutes=1))  # a moving upstream clock: the record is newer than the watermark
    fresh.fault(None)  # back up: delivered once, and never again
    # The same keep-alive session as the scheduler's: the refused POST must not poison the next request.
    assert commands.deliver_pending(fresh.session, fresh.settings, now=t0 + timedelta(seconds=5)) == 1
    assert commands.deliver_pending(fresh.session, fresh.settings, now=t0 + timedelta(minutes=5)) == 0

    fresh.load("cowork")  # the status flows back through the loader
    tasks = ceremony.tasks(START.replace(tzinfo=None, hour=0))
    assert (tasks["idempotency_key"] == cmd["idempotency_key"]).sum() == 1
    at.run()
    assert "任务生成" in html_text(at)
    audit = commands.audit_log(path=fresh.settings.commands_path)
    results = list(audit.loc[audit["actor"] == "lisi", "result"])
    assert results[0].startswith("delivered") and any(r.startswith("retry") for r in results)
    fresh.clock(START)


def test_signin_form_refuses_a_wrong_password(fresh):
    from data_access import auth

    auth.add_user("wangwu", "correct-horse-1", "commander", path=fresh.settings.users_path, replace=True)
    at = AppTest.from_function(_signin_script, default_timeout=30)
    at.run()
    at.text_input(key="signin_user").input("wangwu")
    at.text_input(key="signin_password").input("wrong-password")
    at.button(key="signin_submit").click().run()
    assert any("错误" in str(e.value) for e in at.error)
    assert at.session_state["role_seen"] == "viewer"


def _signin_script():
    import streamlit as st

    from dashboards.components.signin import signin_widget

    st.session_state["role_seen"] = signin_widget()
