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


def test_bulk_export_writes_a_closed_day_that_equals_the_json_series(tmp_path):
    """A closed day of probe readings goes from the Arrow export straight to its Parquet partition, and holds
    the same readings, slot for slot, as the JSON series the live loader reads."""
    from datetime import date

    import duckdb
    import pandas as pd

    from data_access.backfill import bulk_readings
    from data_access.loaders import LOADERS
    from data_access.sources import BY_KEY
    from simulator import server as sim_server

    sim = sim_server.start(host="127.0.0.1", port=0, scenario="muifa", start="2022-09-14T00:00:00+08:00", speed=0)
    try:
        settings = settings_for(sim, tmp_path, "muifa")
        ingest = Ingest(settings)
        done = bulk_readings(ingest, fast_client(settings), date(2022, 9, 12), date(2022, 9, 12), progress=False)
        parts = list((settings.history_dir / "probe_readings" / "day=2022-09-12").glob("part-*.parquet"))
        assert done == {"rows": 10_396 * 288, "quarantined": 0, "days": 1} and len(parts) == 1
        # The live path for one hour of the same day, into the ingest database.
        readings = tuple(r for r in BY_KEY["iot"].resources if r.table == "probe_readings")
        LOADERS["iot"](fast_client(settings), ingest, window=("2022-09-12T14:00:00+08:00", "2022-09-12T15:00:00+08:00"),
                       resources=readings)
        live = ingest.cursor().execute("SELECT probe_id, observed_at, status, value FROM probe_readings "
                                       "ORDER BY probe_id, observed_at").df()
        bulk = duckdb.sql(f"SELECT probe_id::VARCHAR AS probe_id, observed_at, status::VARCHAR AS status, value "
                          f"FROM read_parquet('{parts[0]}') WHERE observed_at IN (SELECT DISTINCT observed_at "
                          f"FROM live) ORDER BY probe_id, observed_at").df()
        assert len(live) == 10_396 * 12
        pd.testing.assert_frame_equal(bulk, live, check_dtype=False)
        ingest.close()
    finally:
        sim.stop()
