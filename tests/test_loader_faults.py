"""Each injected upstream fault keeps the last good data, is recorded, and the next good cycle recovers."""

from datetime import datetime, timedelta

import pytest
import requests

from data_access.loaders import LOADERS
from data_access.warehouse import Ingest
from simulator import server as sim_server
from tests.conftest import fast_client, settings_for

START = datetime.fromisoformat("2022-09-13T08:00:00+08:00")


@pytest.fixture(scope="module")
def frozen_sim():
    s = sim_server.start(host="127.0.0.1", port=0, scenario="muifa", start=START.isoformat(), speed=0)
    yield s
    s.stop()


def set_clock(sim, at: datetime) -> None:
    requests.post(f"{sim.url}/_sim/clock", json={"time": at.isoformat(), "speed": 0}, timeout=5).raise_for_status()


def fault(sim, kind: str, count: int | None = None) -> None:
    body = {"system": "hydro", "resource": "reservoir_readings", "kind": kind, "count": count}
    requests.post(f"{sim.url}/_sim/faults", json=body, timeout=5).raise_for_status()


def state(ingest: Ingest) -> dict:
    cur = ingest.cursor()
    one = lambda sql: cur.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "reservoirs": one("SELECT count(*) FROM reservoirs"),
        "readings": one("SELECT count(*) FROM reservoir_readings"),
        "distinct": one("SELECT count(DISTINCT (reservoir_id, observed_at)) FROM reservoir_readings"),
        "slots": one("SELECT count(DISTINCT observed_at) FROM reservoir_readings"),
        "quarantined": one("SELECT count(*) FROM quarantine"),
        "watermark": one("SELECT max(watermark) FROM watermarks WHERE resource = 'reservoir_readings'"),
    }


KINDS = ["error", "timeout", "malformed", "missing_field", "renamed_field", "duplicate", "out_of_order"]


@pytest.mark.parametrize("kind", KINDS)
def test_fault_keeps_last_good_data_and_recovers(frozen_sim, tmp_path, kind):
    sim = frozen_sim
    requests.delete(f"{sim.url}/_sim/faults", timeout=5)
    set_clock(sim, START)
    settings = settings_for(sim, tmp_path, "muifa")
    ingest = Ingest(settings)
    client = fast_client(settings)
    load = LOADERS["hydro"]
    try:
        assert load(client, ingest).status == "ok"
        good = state(ingest)
        assert good["reservoirs"] == 84 and good["readings"] == 84 * good["slots"]

        set_clock(sim, START + timedelta(minutes=30))
        fault(sim, kind, count=None)
        during = load(client, ingest)
        after_fault = state(ingest)
        requests.delete(f"{sim.url}/_sim/faults", timeout=5)

        assert after_fault["reservoirs"] == 84
        assert after_fault["readings"] == after_fault["distinct"], "a row was doubled"
        if kind in ("error", "timeout", "malformed"):
            assert during.status == "partial" and during.errors == 1, during
            assert after_fault["readings"] == good["readings"], "the last good data changed"
            assert after_fault["watermark"] == good["watermark"]
        elif kind in ("missing_field", "renamed_field"):
            assert during.quarantined > 0 and during.status == "partial", during
            reasons = ingest.cursor().execute("SELECT DISTINCT reason FROM quarantine").fetchall()
            assert all(r[0].startswith("missing field") for r in reasons), reasons
            # Nothing is lost: every expected reading is in the table or in quarantine with its reason.
            expected = 84 * (good["slots"] + 6)
            assert after_fault["readings"] + after_fault["quarantined"] >= expected
        else:  # duplicate, out_of_order: everything arrives once
            assert during.status == "ok", during
            assert after_fault["readings"] == 84 * (good["slots"] + 6)

        runs = ingest.cursor().execute("SELECT status, message FROM load_runs ORDER BY started_at").fetchall()
        assert len(runs) == 2 and (kind in ("duplicate", "out_of_order") or runs[1][0] == "partial")

        set_clock(sim, START + timedelta(minutes=60))
        recovered = load(client, ingest)
        assert recovered.status == "ok", recovered
        final = state(ingest)
        assert final["readings"] == final["distinct"]
        assert final["slots"] == good["slots"] + 12
        if kind not in ("missing_field", "renamed_field"):
            assert final["readings"] == 84 * final["slots"], "a reading was lost"
    finally:
        ingest.close()
