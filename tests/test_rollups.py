"""Latest-state tables (schema/40_rollups.sql) kept by the hydro and weather loaders after each cycle."""

import duckdb
import pandas as pd

from data_access.loaders.rollups import derive
from data_access.warehouse import schema_statements


def _db():
    con = duckdb.connect()
    for stmt in schema_statements():
        con.execute(stmt)
    return con


def test_reservoir_latest_keeps_the_newest_reading_per_reservoir():
    con = _db()
    after = derive("reservoir_readings", "derive_reservoir_latest.sql")
    t = pd.Timestamp("2022-09-14 12:00")
    rows = pd.DataFrame({"reservoir_id": ["R1", "R1", "R2"], "observed_at": [t, t - pd.Timedelta("5min"), t],
                         "level_m": [10.0, 9.0, 5.0], "storage_10k_m3": [1.0, 1.0, 2.0], "inflow_m3s": [0.1] * 3,
                         "outflow_m3s": [0.2] * 3, "updated_at": [t] * 3})
    after(con, {"reservoir_readings": rows})
    # an older window (a backfill) must not move the latest state back
    after(con, {"reservoir_readings": rows.assign(observed_at=t - pd.Timedelta("1D"), level_m=1.0)})
    got = con.execute("SELECT reservoir_id, level_m FROM reservoir_latest ORDER BY 1").fetchall()
    assert got == [("R1", 10.0), ("R2", 5.0)]


def test_rainfall_latest_columns_and_update():
    con = _db()
    after = derive("rainfall", "derive_rainfall_latest.sql")
    t = pd.Timestamp("2022-09-14 12:00")
    rows = pd.DataFrame({"probe_id": ["G1"], "observed_at": [t], "rain_1h_mm": [3.0], "rain_24h_mm": [40.0],
                         "updated_at": [t]})
    after(con, {"rainfall": rows})
    after(con, {"rainfall": rows.assign(observed_at=t + pd.Timedelta("1h"), rain_1h_mm=5.0)})
    df = con.execute("SELECT * FROM rainfall_latest").df()
    assert list(df.columns) == ["probe_id", "observed_at", "rain_1h_mm", "rain_24h_mm"]
    assert df["rain_1h_mm"].tolist() == [5.0]
    after(con, {})  # a cycle without rainfall leaves it alone
    assert con.execute("SELECT count(*) FROM rainfall_latest").fetchone()[0] == 1


def test_bulk_export_noise_matches_the_simulator():
    # The bulk readings export (simulator/export.py) must flag the same probes offline as the JSON series.
    from simulator.export import hnoise_np
    from simulator.scenario import hnoise

    idx = list(range(0, 10396, 7))
    assert hnoise_np(2212, idx, 460000, 3).tolist() == [hnoise(2212, i, 460000, 3) for i in idx]
