"""The backfill command loads history in windows, idempotently, without moving the live watermarks."""

from datetime import datetime

from data_access.backfill import backfill
from data_access.warehouse import Ingest
from tests.conftest import fast_client, settings_for


def test_backfill_loads_each_slot_once_and_can_run_again(warehouses, tmp_path):
    from simulator import server as sim_server

    sim = sim_server.start(host="127.0.0.1", port=0, scenario="muifa", start="2022-09-14T00:00:00+08:00", speed=0)
    try:
        settings = settings_for(sim, tmp_path, "muifa")
        ingest = Ingest(settings)
        end = datetime.fromisoformat("2022-09-14T00:00:00+08:00")
        first = backfill(ingest, fast_client(settings), end, days=0.5, systems=["hydro"], progress=False)
        again = backfill(ingest, fast_client(settings), end, days=0.5, systems=["hydro"], progress=False)
        cur = ingest.cursor()
        n, slots = cur.execute(
            "SELECT count(*), count(DISTINCT observed_at) FROM reservoir_readings").fetchone()
        assert first["failed_windows"] == 0 and first["rows"] == again["rows"] == n
        assert slots == 12 * 12 and n == 84 * slots  # 12 h of 5-minute slots, every reservoir, once
        assert cur.execute("SELECT count(*) FROM watermarks").fetchone()[0] == 0
        assert cur.execute("SELECT DISTINCT source FROM load_runs").fetchall() == [("backfill",)]
        ingest.close()
    finally:
        sim.stop()
