"""Seed-scale history for the benchmark: registry from the real simulator, 30 days of feeds generated column-wise.

The registry and the last six hours come from one ordinary load of the simulator (muifa, frozen at
the typhoon's peak). Older history is synthetic but shaped like the feeds: every probe every five
minutes straight to the archive's Parquet day partitions (pyarrow, dictionary-encoded ids), today's
earlier readings into the ingest database, and rainfall, reservoir levels, shelter occupancy,
tourism, stock movements and one ceremony day of 1-minute e-fence counts into their tables.
"""

from __future__ import annotations

import shutil
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from data_access import archive, config
from data_access.scheduler import Scheduler

DATA = Path(__file__).parent / "data"
SCENARIO = "muifa"
AT = "2022-09-14T12:00:00+08:00"       # scenario time the warehouse is frozen at (typhoon Muifa's peak)
NOW = datetime(2022, 9, 14, 12, 0)    # the same, Beijing naive as the warehouse stores it
STEP = np.timedelta64(300, "s")
KIND_BASE = {"rain": (2.0, 6.0), "water_level": (180.0, 40.0), "displacement": (8.0, 4.0),
             "soil_moisture": (35.0, 10.0), "wind": (4.0, 3.0)}


def settings_for(sim_url: str, data_dir: Path = DATA) -> config.Settings:
    return config.load({"DATA_DIR": str(data_dir), "UPSTREAM_BASE_URL": f"{sim_url}/api", "SCENARIO": SCENARIO,
                        "UPSTREAM_TOKEN": config.DEFAULT_TOKEN})


def _probe_arrays(probes: pd.DataFrame):
    rng = np.random.default_rng(7)
    kind = probes["kind"].to_numpy()
    base = np.zeros(len(probes))
    spread = np.zeros(len(probes))
    for k, (b, s) in KIND_BASE.items():
        m = kind == k
        base[m] = b * rng.uniform(0.8, 1.2, m.sum())
        spread[m] = s
    thr = probes["threshold"].fillna(np.inf).to_numpy()
    return kind == "video", base, spread, thr


def day_table(ids: pa.Array, video, base, spread, thr, start: np.datetime64, slots: int, rng) -> pa.Table:
    """Readings of every probe at `slots` 5-minute slots from `start`, as dictionary-encoded Arrow columns."""
    n = len(ids)
    rows = n * slots
    value = np.tile(base, slots) + np.tile(spread, slots) * rng.standard_normal(rows, dtype=np.float32)
    value = np.round(np.maximum(value, 0.0), 1)
    status = np.where(value >= np.tile(thr, slots), 2, 0).astype(np.int8)
    offline = rng.random(rows, dtype=np.float32) < 0.004
    status[offline] = 1
    vid = np.tile(video, slots)
    value[vid | offline] = np.nan
    at = np.repeat(start + np.arange(slots) * STEP, n).astype("datetime64[us]")
    return pa.table({
        "probe_id": pa.DictionaryArray.from_arrays(pa.array(np.tile(np.arange(n, dtype=np.int32), slots)), ids),
        "observed_at": pa.array(at, pa.timestamp("us")),
        "status": pa.DictionaryArray.from_arrays(pa.array(status), pa.array(["online", "offline", "alarm"])),
        "value": pa.array(value, from_pandas=True),
    })


def _series(ids, start: datetime, end: datetime, step_s: int) -> pd.DataFrame:
    """Cross product (id, observed_at) for every slot in [start, end)."""
    times = pd.date_range(start, end, freq=f"{step_s}s", inclusive="left")
    return pd.DataFrame({"id": np.repeat(np.asarray(ids), len(times)), "observed_at": np.tile(times.values, len(ids))})


def generate(sim_url: str, days: int = 30, log=print) -> dict:
    """Build bench/data from scratch; returns row counts and the Scheduler (kept open for the cycle figure)."""
    if DATA.exists():
        shutil.rmtree(DATA)
    settings = settings_for(sim_url)
    t0 = time.monotonic()
    sched = Scheduler(settings)
    sched.load_all_once()
    log(f"  registry + last 6 h from the simulator: {time.monotonic() - t0:.1f} s")
    con = sched.ingest.cursor()
    probes = con.execute("SELECT id, kind, threshold FROM probes ORDER BY id").df()
    ids = pa.array(probes["id"].tolist(), pa.string())
    video, base, spread, thr = _probe_arrays(probes)
    rng = np.random.default_rng(2212)
    today = NOW.replace(hour=0, minute=0)
    counts = {"probe_readings_parquet": 0}
    t0 = time.monotonic()
    for d in range(days, 0, -1):
        day = today - timedelta(days=d)
        tbl = day_table(ids, video, base, spread, thr, np.datetime64(day, "us"), 288, rng)
        folder = settings.history_dir / "probe_readings" / f"day={day.date().isoformat()}"
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(tbl, folder / f"part-{tbl.num_rows}-gen.parquet", compression="zstd", row_group_size=512 * 1024)
        counts["probe_readings_parquet"] += tbl.num_rows
    log(f"  {counts['probe_readings_parquet']:,} readings in {days} Parquet partitions: {time.monotonic() - t0:.1f} s")
    # Today before the simulator's six hours: into the ingest table (the archive moves it at midnight).
    first_sim = con.execute("SELECT min(observed_at) FROM probe_readings").fetchone()[0] or NOW
    slots = int((pd.Timestamp(first_sim) - pd.Timestamp(today)).total_seconds() // 300)
    t0 = time.monotonic()
    with sched.ingest.lock:
        if slots > 0:
            early = day_table(ids, video, base, spread, thr, np.datetime64(today, "us"), slots, rng)  # noqa: F841
            con.execute("INSERT OR IGNORE INTO probe_readings SELECT probe_id::VARCHAR, observed_at, status::VARCHAR, "
                        "value FROM early")
            counts["probe_readings_today"] = con.execute("SELECT count(*) FROM probe_readings").fetchone()[0]
        counts.update(_other_feeds(con, days, today, rng))
    log(f"  today's readings and the other feeds into the ingest database: {time.monotonic() - t0:.1f} s")
    t0 = time.monotonic()
    # The steady state the scheduler's housekeeping keeps: closed days past each hot window live in Parquet.
    moved = archive.archive_closed_days(sched.ingest)
    log(f"  housekeeping moved {len(moved)} closed days to Parquet: {time.monotonic() - t0:.1f} s")
    t0 = time.monotonic()
    sched.ingest.publish()
    log(f"  first publish with history: {time.monotonic() - t0:.1f} s")
    return {"counts": counts, "scheduler": sched, "settings": settings}


def _other_feeds(con, days: int, today: datetime, rng) -> dict:
    """Rainfall, reservoir readings, occupancy, tourism, stock movements, e-fence: bulk inserts that keep the
    simulator's own rows (INSERT OR IGNORE on the series keys)."""
    start = today - timedelta(days=days)
    counts = {}
    gauges = con.execute("SELECT id FROM probes WHERE kind = 'rain' ORDER BY id").df()["id"]
    rain = _series(gauges, start, NOW, 3600)
    rain["rain_1h_mm"] = np.round(np.maximum(rng.gamma(0.3, 4.0, len(rain)) - 0.5, 0.0), 1)
    rain["rain_24h_mm"] = (rain.groupby("id")["rain_1h_mm"].transform(lambda s: s.rolling(24, min_periods=1).sum())
                           .round(1))
    counts["rainfall"] = _insert(con, "rainfall", rain.rename(columns={"id": "probe_id"}).assign(
        updated_at=rain["observed_at"]))
    res = con.execute("SELECT id, flood_limit_level_m FROM reservoirs ORDER BY id").df()
    rr = _series(res["id"], start, NOW, 300)
    lim = np.repeat(res["flood_limit_level_m"].to_numpy(), len(rr) // len(res))
    rr["level_m"] = np.round(lim - 1.5 + rng.standard_normal(len(rr)) * 0.3, 2)
    rr["storage_10k_m3"] = np.round(rng.uniform(50, 2000, len(rr)), 1)
    rr["inflow_m3s"] = np.round(rng.uniform(0, 20, len(rr)), 2)
    rr["outflow_m3s"] = np.round(rng.uniform(0, 15, len(rr)), 2)
    counts["reservoir_readings"] = _insert(con, "reservoir_readings", rr.rename(columns={"id": "reservoir_id"}).assign(
        updated_at=rr["observed_at"]))
    sh = con.execute("SELECT id, capacity FROM shelters ORDER BY id").df()
    occ = _series(sh["id"], start, NOW, 300)
    occ["occupancy"] = (rng.uniform(0, 0.3, len(occ)) * np.repeat(sh["capacity"].to_numpy(), len(occ) // len(sh))
                        ).astype("int64")
    counts["shelter_occupancy"] = _insert(con, "shelter_occupancy", occ.rename(columns={"id": "shelter_id"}).assign(
        updated_at=occ["observed_at"]))
    spots = con.execute("SELECT DISTINCT spot_id, spot_name FROM tourism_stats ORDER BY 1").df()
    if len(spots):
        ts = _series(spots["spot_id"], start, NOW, 60).rename(columns={"id": "spot_id"})
        ts = ts.merge(spots, on="spot_id")
        ts["visitors"] = rng.integers(0, 5000, len(ts))
        ts["tickets"] = rng.integers(0, 3000, len(ts))
        ts["parking_used"] = rng.integers(0, 500, len(ts))
        ts["parking_capacity"] = 500
        counts["tourism_stats"] = _insert(con, "tourism_stats", ts.assign(updated_at=ts["observed_at"]))
    zones = con.execute("SELECT id FROM efence_zones ORDER BY id").df()["id"]
    ceremony_day = today - timedelta(days=1)
    ef = _series(zones, ceremony_day, ceremony_day + timedelta(days=1), 60).rename(columns={"id": "zone_id"})
    ef["headcount"] = rng.integers(0, 8000, len(ef))
    ef["inflow"] = rng.integers(0, 200, len(ef))
    ef["outflow"] = rng.integers(0, 200, len(ef))
    counts["efence_counts"] = _insert(con, "efence_counts", ef.assign(updated_at=ef["observed_at"]))
    wh = con.execute("SELECT id FROM warehouses").df()["id"].to_numpy()
    cats = con.execute("SELECT code FROM supply_categories").df()["code"].to_numpy()
    n = 3000 * days
    moved = start + pd.to_timedelta(np.sort(rng.uniform(0, (NOW - start).total_seconds() - 3600, n)), unit="s")
    mv = pd.DataFrame({
        "id": [f"BENCH-MV{i:07d}" for i in range(n)], "warehouse_id": rng.choice(wh, n),
        "category_code": rng.choice(cats, n), "direction": rng.choice(["in", "out"], n),
        "quantity": rng.integers(1, 500, n), "reason": rng.choice(["采购入库", "调拨出库", "盘点"], n),
        "order_id": None, "moved_at": moved, "updated_at": moved})
    counts["stock_movements"] = _insert(con, "stock_movements", mv)
    return counts


def _insert(con, table: str, frame: pd.DataFrame) -> int:
    con.register("incoming", frame)
    con.execute(f"INSERT OR IGNORE INTO {table} BY NAME SELECT * FROM incoming")
    con.unregister("incoming")
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
