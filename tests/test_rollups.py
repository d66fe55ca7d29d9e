"""Derived tables (schema/40_rollups.sql) kept by the loaders after each cycle: latest states and body sites."""

import duckdb
import numpy as np
import pandas as pd

from data_access import queries, risk, risk_model
from data_access.loaders.rollups import body_sites, derive
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


def test_body_sites_keep_the_three_nearest_gauges_and_reservoirs_within_10_km():
    con = _db()
    con.execute("INSERT INTO bodies (id, name, kind, risk_list, township_code, lon, lat, asset_value_wan, "
                "vulnerability, occupants, fortification, updated_at) "
                "VALUES ('B1', '学校', 'school', '地质灾害', 'T1', 120.0, 28.6, 100, 0.5, 300, 0.5, now())")
    # rain gauges 1..5 km east of the body; one water-level probe closer still, which is not a gauge
    for i in range(1, 6):
        con.execute("INSERT INTO probes (id, name, kind, township_code, lon, lat, updated_at) "
                    "VALUES (?, ?, 'rain', 'T1', ?, 28.6, now())",
                    [f"G{i}", f"雨量站{i}", 120.0 + i / 111.32 / 0.77 ** 0.5])
    con.execute("INSERT INTO probes (id, name, kind, township_code, lon, lat, updated_at) "
                "VALUES ('W1', '水位站', 'water_level', 'T1', 120.0, 28.6, now())")
    for rid, km in (("R1", 4.0), ("R2", 9.0), ("R3", 12.0)):
        con.execute("INSERT INTO reservoirs (id, name, scale, township_code, lon, lat, capacity_10k_m3, normal_level_m, "
                    "flood_limit_level_m, crest_level_m, updated_at) VALUES (?, ?, '小(一)型', 'T1', 120.0, ?, 10, 99, "
                    "100, 105, now())", [rid, rid, 28.6 + km / 111.32])
    hook = body_sites("bodies")
    hook(con, {})  # an existing warehouse without body sites fills them on its next cycle
    got = con.execute("SELECT site_kind, site_id, round(km, 3) FROM body_sites ORDER BY site_kind, km").fetchall()
    assert got == [("gauge", "G1", 1.0), ("gauge", "G2", 2.0), ("gauge", "G3", 3.0),
                   ("reservoir", "R1", 4.0), ("reservoir", "R2", 9.0)]
    assert risk_model.RESERVOIR_RADIUS_KM <= 10.0  # body_sites keeps reservoirs within 10 km only
    con.execute("UPDATE probes SET lon = 120.0 WHERE id = 'G5'")  # a gauge moves next to the body
    hook(con, {})  # nothing arrived: sites stay as they were
    assert con.execute("SELECT count(*) FROM body_sites WHERE site_id = 'G5'").fetchall() == [(0,)]
    body_sites("probes")(con, {"probes": pd.DataFrame({"id": ["G5"]})})
    assert con.execute("SELECT site_id FROM body_sites WHERE site_kind = 'gauge' ORDER BY km").fetchall()[0] == ("G5",)


def _km(lon1, lat1, lon2, lat2):
    return 111.32 * np.sqrt((lon1 - lon2) ** 2 * 0.77 + (lat1 - lat2) ** 2)


def test_each_body_reads_its_nearest_reporting_gauge_and_reservoir(at_scenario):
    """The risk screen's joins through body_sites give what measuring every distance gives."""
    at_scenario("muifa", "2022-09-14T12:00:00+08:00")
    got = risk.body_hazards().set_index("id")
    q = queries.reader().query
    bodies = q("SELECT id, lon, lat FROM bodies")
    gauges = q("SELECT p.id, p.name, p.lon, p.lat, r.rain_24h_mm FROM probes p "
               "JOIN rainfall_latest r ON r.probe_id = p.id WHERE p.kind = 'rain'")
    res = q("SELECT r.name, r.lon, r.lat, l.level_m - r.flood_limit_level_m AS over_m "
            "FROM reservoirs r JOIN reservoir_latest l ON l.reservoir_id = r.id")
    assert len(bodies) == len(got) > 0 and len(gauges) > 0
    for b in bodies.itertuples():
        g = gauges.iloc[int(np.argmin(_km(b.lon, b.lat, gauges.lon.to_numpy(), gauges.lat.to_numpy())))]
        assert got.at[b.id, "gauge"] == g["name"] and got.at[b.id, "rain_24h_mm"] == g["rain_24h_mm"]
        d = _km(b.lon, b.lat, res.lon.to_numpy(), res.lat.to_numpy())
        if d.min() <= risk_model.RESERVOIR_RADIUS_KM:
            assert got.at[b.id, "reservoir"] == res.iloc[int(np.argmin(d))]["name"]
        else:
            assert pd.isna(got.at[b.id, "reservoir"])
