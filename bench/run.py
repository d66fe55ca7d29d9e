"""`python -m bench.run [--quick]`: the seed-scale benchmark; prints a table and writes bench/results.json.

Figures, in one run on this machine: backfill (JSON windows and the bulk export path) against DuckDB's own
bulk insert from Arrow; one full load cycle with the history present; each page's recorded query set
replayed cold and warm; the same key answers computed naively (pandas over the raw tables, SQLite with
indexes); and the queries fifty viewers of one page cost through the shared cache.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import pickle
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import requests

from bench import generate
from data_access import queries
from data_access.backfill import _fetch_day, bulk_readings
from data_access.loaders import LOADERS
from data_access.loaders.client import UpstreamClient
from data_access.sources import BY_KEY
from data_access.warehouse import Ingest, Reader
from simulator import server as sim_server
from simulator.scenario import parse_iso

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).parent / "results.json"
PAGES = {"/emergency": "screens/emergency.py", "/supplies": "screens/supplies.py", "/ceremony": "screens/ceremony.py",
         "/risk": "screens/risk.py", "/data": "screens/data.py"}
WARM_RUNS = 30
COLD_RUNS = 5
NAIVE_RUNS = 5
VIEWERS = 50


def log(msg: str) -> None:
    print(msg, flush=True)


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


# ---- recording a page's query set ------------------------------------------------------------

class Recorder:
    """Wraps Reader.query (class-wide) to record what a page asks and count what reaches the warehouse."""

    def __init__(self):
        self.calls: list[tuple[str, object]] = []
        self.lock = threading.Lock()
        self._orig = Reader.query

    def __enter__(self):
        orig = self._orig

        def query(reader, sql, params=None, snap=None):
            with self.lock:
                self.calls.append((sql, params))
            return orig(reader, sql, params, snap)

        Reader.query = query
        return self

    def __exit__(self, *exc):
        Reader.query = self._orig


def quiet_streamlit() -> None:
    """AppTest runs pages without a server: Streamlit warns about the missing runtime on every call, and a
    script thread that ends after its session was dropped raises "Runtime hasn't been created" at cleanup.
    Neither touches what is measured; silence both so the figures are readable."""
    import streamlit.logger
    from streamlit import config

    config.set_option("logger.level", "error")  # AppTest resets the loggers from this option (not from the env)
    streamlit.logger.set_log_level("error")
    default_hook = threading.excepthook

    def hook(args) -> None:
        if not (args.exc_type is RuntimeError and "Runtime hasn't been created" in str(args.exc_value)):
            default_hook(args)

    threading.excepthook = hook


def app_test():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboards" / "app.py"), default_timeout=120)
    at.run()
    return at


def record_page(page: str) -> tuple[list[tuple[str, object]], int]:
    import streamlit as st

    at = app_test()
    st.cache_data.clear()
    with Recorder() as rec:
        at.switch_page(page).run()
    errors = len(at.exception)
    return rec.calls, errors


def replay(reader: Reader, calls) -> float:
    t0 = time.perf_counter()
    for sql, params in calls:
        reader.query(sql, params)
    return (time.perf_counter() - t0) * 1000


def time_page(snapshot_dir: Path, calls) -> dict:
    cold = []
    for _ in range(COLD_RUNS):
        r = Reader(snapshot_dir)
        cold.append(replay(r, calls))
        r.close()
    r = Reader(snapshot_dir)
    replay(r, calls)
    warm = [replay(r, calls) for _ in range(WARM_RUNS)]
    r.close()
    return {"queries": len(calls), "warm_p50_ms": round(pct(warm, 50), 1), "warm_p95_ms": round(pct(warm, 95), 1),
            "cold_p95_ms": round(pct(cold, 95), 1)}


def time_pages_apart(snapshot_dir: Path, sets: dict[str, list]) -> dict[str, dict]:
    """time_page for each query set, in a process of its own that holds only a Reader, as the dashboards' does:
    this process also hosts the simulator and the ingest database, whose heap slows every pandas result."""
    with tempfile.NamedTemporaryFile(suffix=".pickle") as f:
        pickle.dump({"snapshot_dir": str(snapshot_dir), "sets": sets}, f)
        f.flush()
        out = subprocess.run([sys.executable, "-m", "bench.run", "--replay", f.name], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _replay_main(path: str) -> int:
    with open(path, "rb") as f:
        job = pickle.load(f)
    timed = {name: time_page(Path(job["snapshot_dir"]), calls) for name, calls in job["sets"].items()}
    print(json.dumps(timed))
    return 0


def explain_slowest(snapshot_dir: Path, calls, top: int = 3) -> list[tuple[float, str]]:
    r = Reader(snapshot_dir)
    replay(r, calls)
    costs = []
    for sql, params in calls:
        ts = []
        for _ in range(5):
            t0 = time.perf_counter()
            r.query(sql, params)
            ts.append((time.perf_counter() - t0) * 1000)
        costs.append((statistics.median(ts), sql.strip().splitlines()[0][:90]))
    r.close()
    return sorted(costs, reverse=True)[:top]


# ---- fifty viewers ---------------------------------------------------------------------------

def viewers(page: str, n: int) -> dict:
    """n AppTest sessions (5 at a time) refresh one page on one snapshot; count queries reaching the Reader."""
    from concurrent.futures import ThreadPoolExecutor

    import streamlit as st

    sessions = [app_test() for _ in range(n)]
    st.cache_data.clear()
    def refresh(at) -> bool:
        try:
            at.switch_page(page).run()
            return not at.exception
        except Exception:  # noqa: BLE001 - a session that fails is counted as not refreshed
            return False

    with Recorder() as rec:
        with ThreadPoolExecutor(max_workers=5) as pool:
            ok = sum(pool.map(refresh, sessions))
    return {"queries": len(rec.calls), "sessions": n, "sessions_ok": ok}


# ---- backfill -------------------------------------------------------------------------------

def start_subprocess_sim(port: int) -> subprocess.Popen:
    """The upstream for the backfill figure runs in its own process, as a real upstream would."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator", "--port", str(port), "--scenario", generate.SCENARIO, "--start",
         generate.AT, "--speed", "0"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if requests.get(f"http://127.0.0.1:{port}/_sim/health", timeout=1).ok:
                return proc
        except requests.RequestException:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("the backfill simulator did not start")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_backfill(days: int) -> dict:
    port = free_port()
    proc = start_subprocess_sim(port)
    try:
        settings = generate.settings_for(f"http://127.0.0.1:{port}", generate.DATA / "backfill")
        ingest = Ingest(settings)
        client = UpstreamClient(settings, session=requests.Session(), timeout=(3.05, 120))
        # JSON windows, the path the live loaders use: one hour of readings of every probe.
        readings = tuple(r for r in BY_KEY["iot"].resources if r.table == "probe_readings")
        t0 = time.perf_counter()
        res = LOADERS["iot"](client, ingest, window=("2022-09-13T08:00:00+08:00", "2022-09-13T09:00:00+08:00"),
                             resources=readings)
        json_rate = res.rows / (time.perf_counter() - t0)
        # Bulk export to Parquet partitions (next day fetched while this one is written).
        end = datetime(2022, 9, 14)
        first = (end - timedelta(days=days)).date()
        t0 = time.perf_counter()
        done = bulk_readings(ingest, client, first, (end - timedelta(days=1)).date(), progress=False)
        bulk_s = time.perf_counter() - t0
        # Reference: DuckDB's own INSERT ... SELECT * FROM an Arrow table of one day, same columns, same process.
        arrow_day = _fetch_day(client, first)  # noqa: F841 - read by DuckDB through the replacement scan
        con = duckdb.connect(str(generate.DATA / "backfill" / "reference.duckdb"))
        ref, ref_pk = [], []
        for _ in range(3):
            con.execute("CREATE OR REPLACE TABLE ref (probe_id VARCHAR NOT NULL, observed_at TIMESTAMP NOT NULL, "
                        "status VARCHAR NOT NULL, value DOUBLE)")
            t0 = time.perf_counter()
            con.execute("INSERT INTO ref SELECT * FROM arrow_day")
            con.execute("CHECKPOINT")
            ref.append(arrow_day.num_rows / (time.perf_counter() - t0))
        con.execute("CREATE OR REPLACE TABLE ref_pk (probe_id VARCHAR NOT NULL, observed_at TIMESTAMP NOT NULL, "
                    "status VARCHAR NOT NULL, value DOUBLE, PRIMARY KEY (probe_id, observed_at))")
        t0 = time.perf_counter()
        con.execute("INSERT INTO ref_pk SELECT * FROM arrow_day")
        con.execute("CHECKPOINT")
        ref_pk.append(arrow_day.num_rows / (time.perf_counter() - t0))
        con.close()
        ingest.close()
    finally:
        proc.terminate()
        proc.wait(10)
    return {"json_rows": res.rows, "json_rows_per_s": json_rate, "bulk_rows": done["rows"] if done else 0,
            "bulk_rows_per_s": (done["rows"] / bulk_s) if done else 0.0, "bulk_days": days,
            "duckdb_bulk_rows_per_s": statistics.median(ref), "duckdb_bulk_pk_rows_per_s": ref_pk[0]}


# ---- cycle ----------------------------------------------------------------------------------

def bench_cycle(sim, sched, runs: int = 3) -> dict:
    """Move the frozen clock one slot (5 min) and run one full cycle of every system, publish included."""
    times, publish = [], []
    t = parse_iso(generate.AT)
    orig_publish = sched.ingest.publish

    def timed_publish():
        t0 = time.perf_counter()
        out = orig_publish()
        publish.append(time.perf_counter() - t0)
        return out

    by_system: dict[str, list[float]] = {}
    orig_run = sched.run_system

    def timed_run(key: str) -> None:
        t0 = time.perf_counter()
        orig_run(key)
        by_system.setdefault(key, []).append(time.perf_counter() - t0)

    sched.ingest.publish, sched.run_system = timed_publish, timed_run
    for i in range(1, runs + 1):
        sim.app.clock.set(t + 300 * i, 0)
        t0 = time.perf_counter()
        sched.load_all_once()
        times.append(time.perf_counter() - t0)
    sched.ingest.publish, sched.run_system = orig_publish, orig_run
    slowest = sorted(((statistics.median(v), k) for k, v in by_system.items()), reverse=True)[:5]
    return {"cycle_seconds": statistics.median(times), "cycles": times, "publish_seconds": statistics.median(publish),
            "slowest_systems_s": {k: round(v, 2) for v, k in slowest}}


# ---- naive ----------------------------------------------------------------------------------

# Our queries that give the same answers as the naive paths compute, for the like-for-like ratio.
SAME_ANSWERS = {
    "/emergency": ("emergency_kpis", "emergency_probe_cells", "emergency_rainfall", "emergency_reservoirs"),
    "/data": ("feed_status",),
}
NAIVE_COVERS = {
    "/emergency": "probe status counts per township from the last 24 h of raw readings (latest per probe), "
                  "24 h rain per gauge from rainfall, latest reservoir level vs flood limit",
    "/data": "per feed: last successful run and failures/quarantined in the last hour from load_runs/quarantine, "
             "and the newest observation in each raw time-series table (last 24 h of probe readings)",
}


def _raw_readings_sql(history_dir: Path, since: datetime) -> str:
    glob = str(history_dir / "probe_readings" / "*" / "*.parquet")
    return (f"SELECT probe_id, observed_at, status, value FROM read_parquet('{glob}', hive_partitioning = true) "
            f"WHERE day >= DATE '{since.date()}' AND observed_at > TIMESTAMP '{since}'")


def naive_pandas(settings, ingest_con, snap_path: Path, now: datetime) -> dict:
    since = now - timedelta(hours=24)
    snap = duckdb.connect(str(snap_path), read_only=True)

    def raw_readings() -> pd.DataFrame:
        hist = snap.execute(_raw_readings_sql(settings.history_dir, since)).df()
        today = ingest_con.execute("SELECT * FROM probe_readings").df()
        return pd.concat([hist, today], ignore_index=True)

    def emergency():
        r = raw_readings()
        latest = r.sort_values("observed_at").groupby("probe_id", as_index=False).last()
        probes = snap.execute("SELECT * FROM probes").df()
        counts = latest.merge(probes, left_on="probe_id", right_on="id").groupby(
            ["township_code", "status"]).size().unstack(fill_value=0)
        rain = snap.execute("SELECT * FROM rainfall").df()
        rain24 = rain[rain["observed_at"] > since].groupby("probe_id")["rain_1h_mm"].sum()
        rr = snap.execute("SELECT * FROM reservoir_readings").df()
        last = rr.loc[rr.groupby("reservoir_id")["observed_at"].idxmax()]
        res = snap.execute("SELECT * FROM reservoirs").df().merge(last, left_on="id", right_on="reservoir_id")
        res["over"] = res["level_m"] - res["flood_limit_level_m"]
        return counts, rain24, res

    def data_page():
        runs = snap.execute("SELECT * FROM load_runs").df()
        q = snap.execute("SELECT * FROM quarantine").df()
        hour = runs["started_at"].max() - pd.Timedelta(hours=1)
        ok = runs[runs["status"].isin(["ok", "partial"])].groupby("source")["finished_at"].max()
        failed = runs[(runs["started_at"] >= hour) & (runs["status"] == "failed")].groupby("source").size()
        quar = q[q["received_at"] >= hour].groupby("source").size()
        newest = {"probe_readings": raw_readings()["observed_at"].max()}
        for table in ("rainfall", "reservoir_readings", "shelter_occupancy", "efence_counts", "tourism_stats"):
            newest[table] = snap.execute(f"SELECT * FROM {table}").df()["observed_at"].max()
        return ok, failed, quar, newest

    out = {"/emergency": _time(emergency), "/data": _time(data_page)}
    snap.close()
    return out


def build_sqlite(settings, ingest_con, snap_path: Path, now: datetime, path: Path) -> None:
    since = now - timedelta(hours=24)
    path.unlink(missing_ok=True)
    lite = sqlite3.connect(path)
    snap = duckdb.connect(str(snap_path), read_only=True)
    frames = {
        "probe_readings": pd.concat([snap.execute(_raw_readings_sql(settings.history_dir, since)).df(),
                                     ingest_con.execute("SELECT * FROM probe_readings").df()], ignore_index=True),
    }
    for table in ("probes", "townships", "rainfall", "reservoir_readings", "reservoirs", "load_runs", "quarantine",
                  "shelter_occupancy", "efence_counts", "tourism_stats"):
        frames[table] = snap.execute(f"SELECT * FROM {table}").df()
    for name, frame in frames.items():
        frame = frame.copy()
        for col in frame.columns:
            if pd.api.types.is_datetime64_any_dtype(frame[col]):
                frame[col] = frame[col].dt.strftime("%Y-%m-%d %H:%M:%S")
        frame.to_sql(name, lite, index=False, chunksize=200_000)
    for stmt in (
        "CREATE INDEX pr_probe_time ON probe_readings (probe_id, observed_at)",
        "CREATE INDEX rain_time ON rainfall (observed_at, probe_id)",
        "CREATE INDEX rr_res_time ON reservoir_readings (reservoir_id, observed_at)",
        "CREATE INDEX probes_id ON probes (id)", "CREATE INDEX res_id ON reservoirs (id)",
        "CREATE INDEX runs_source ON load_runs (source, status, started_at)",
        "CREATE INDEX q_source ON quarantine (source, received_at)",
        "CREATE INDEX occ_time ON shelter_occupancy (observed_at)", "CREATE INDEX ef_time ON efence_counts (observed_at)",
        "CREATE INDEX ts_time ON tourism_stats (observed_at)", "ANALYZE",
    ):
        lite.execute(stmt)
    lite.commit()
    lite.close()
    snap.close()


def naive_sqlite(path: Path, now: datetime) -> dict:
    since = (now - timedelta(hours=24)).strftime("%Y-%m-%d %H:%M:%S")
    lite = sqlite3.connect(path)

    def emergency():
        a = lite.execute(
            "SELECT p.township_code, r.status, count(*) FROM probe_readings AS r "
            "JOIN (SELECT probe_id, max(observed_at) AS m FROM probe_readings GROUP BY probe_id) AS l "
            "ON l.probe_id = r.probe_id AND l.m = r.observed_at JOIN probes AS p ON p.id = r.probe_id "
            "GROUP BY 1, 2").fetchall()
        b = lite.execute("SELECT probe_id, sum(rain_1h_mm) FROM rainfall WHERE observed_at > ? GROUP BY probe_id",
                         [since]).fetchall()
        c = lite.execute(
            "SELECT v.id, r.level_m - v.flood_limit_level_m FROM reservoirs AS v JOIN reservoir_readings AS r "
            "ON r.reservoir_id = v.id AND r.observed_at = (SELECT max(observed_at) FROM reservoir_readings AS x "
            "WHERE x.reservoir_id = v.id)").fetchall()
        return a, b, c

    def data_page():
        out = [lite.execute(
            "SELECT source, max(CASE WHEN status IN ('ok', 'partial') THEN finished_at END), "
            "sum(status = 'failed' AND started_at >= datetime((SELECT max(started_at) FROM load_runs), '-1 hour')) "
            "FROM load_runs GROUP BY source").fetchall(),
               lite.execute("SELECT source, count(*) FROM quarantine GROUP BY source").fetchall()]
        for table in ("probe_readings", "rainfall", "reservoir_readings", "shelter_occupancy", "efence_counts",
                      "tourism_stats"):
            out.append(lite.execute(f"SELECT max(observed_at) FROM {table}").fetchone())
        return out

    out = {"/emergency": _time(emergency), "/data": _time(data_page)}
    lite.close()
    return out


def _time(fn) -> dict:
    fn()
    ts = []
    for _ in range(NAIVE_RUNS):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1000)
    return {"warm_p95_ms": round(pct(ts, 95), 1), "warm_p50_ms": round(pct(ts, 50), 1)}


# ---- main -----------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 days of history instead of 30 (for trying things)")
    parser.add_argument("--skip-viewers", action="store_true", help="skip the 50-viewer figure")
    parser.add_argument("--replay", help=argparse.SUPPRESS)  # internal: time_pages_apart's child process
    args = parser.parse_args(argv)
    if args.replay:
        return _replay_main(args.replay)
    logging.basicConfig(level=logging.WARNING)
    quiet_streamlit()
    days = 2 if args.quick else 30
    started = time.monotonic()
    sim = sim_server.start(host="127.0.0.1", port=0, scenario=generate.SCENARIO, start=generate.AT, speed=0)
    results: dict = {}
    try:
        log(f"generating {days} days of seed-scale history in {generate.DATA} ...")
        gen = generate.generate(sim.url, days=days, log=log)
        sched, settings = gen["scheduler"], gen["settings"]
        counts = gen["counts"]
        rows = counts["probe_readings_parquet"] + counts.get("probe_readings_today", 0)
        log(f"  probe readings: {rows:,}; other tables: {json.dumps({k: v for k, v in counts.items() if 'probe' not in k})}")

        log("one full load cycle (fetch → validate → publish) with the history present ...")
        cycle = bench_cycle(sim, sched)
        log(f"  cycles {[round(c, 2) for c in cycle['cycles']]} s, publish {cycle['publish_seconds']:.2f} s; "
            f"slowest systems (s, 4 run at once): {cycle['slowest_systems_s']}")

        os.environ.update({"DATA_DIR": str(settings.data_dir), "SCENARIO": generate.SCENARIO,
                           "UPSTREAM_BASE_URL": f"{sim.url}/api"})
        queries.use_reader(Reader(settings.snapshot_dir))
        snap = queries.current_snapshot()
        log("pages: recording each page's query set in AppTest, then replaying it cold and warm ...")
        recorded, errors = {}, {}
        for url, page in PAGES.items():
            recorded[url], errors[url] = record_page(page)
        same = {url: [c for c in recorded[url] if c[0] in {queries.sql_text(n) for n in names}]
                for url, names in SAME_ANSWERS.items()}
        timed = time_pages_apart(settings.snapshot_dir, {**recorded, **{f"same:{u}": c for u, c in same.items()}})
        pages = {}
        for url in PAGES:
            pages[url] = {**timed[url], "page_exceptions": errors[url]}
            log(f"  {url}: {pages[url]}")
            if pages[url]["warm_p95_ms"] > 100:
                for ms, head in explain_slowest(settings.snapshot_dir, recorded[url]):
                    log(f"      {ms:7.1f} ms  {head}")
        for url, calls in same.items():
            pages[url]["same_answers_warm_p95_ms"] = timed[f"same:{url}"]["warm_p95_ms"]
            log(f"  {url}: the queries giving the naive paths' answers ({len(calls)}): "
                f"{pages[url]['same_answers_warm_p95_ms']} ms warm p95")

        log("naive paths (pandas over raw tables; SQLite with indexes) ...")
        ingest_con = sched.ingest.cursor()
        naive_pd = naive_pandas(settings, ingest_con, snap.path, generate.NOW + timedelta(minutes=15))
        lite_path = generate.DATA / "naive.sqlite"
        t0 = time.perf_counter()
        build_sqlite(settings, ingest_con, snap.path, generate.NOW + timedelta(minutes=15), lite_path)
        log(f"  SQLite built in {time.perf_counter() - t0:.1f} s")
        naive_lite = naive_sqlite(lite_path, generate.NOW + timedelta(minutes=15))

        if args.skip_viewers:
            per_refresh = None
        else:
            log(f"{VIEWERS} viewers refreshing /emergency on one snapshot through the shared cache ...")
            v = viewers(PAGES["/emergency"], VIEWERS)
            per_refresh = v["queries"]
            counts["viewer_sessions_ok"] = v["sessions_ok"]
            log(f"  {v['queries']} queries reached the Reader (one viewer alone: {pages['/emergency']['queries']})")
        queries.use_reader(None)
        sched.ingest.close()

        log(f"backfill: JSON windows vs bulk export ({2 if args.quick else 7} days) vs DuckDB's bulk insert ...")
        bf = bench_backfill(2 if args.quick else 7)
        log(f"  {json.dumps({k: round(v) if isinstance(v, float) else v for k, v in bf.items()})}")
    finally:
        sim.stop()

    results = {
        "rows": rows,
        "backfill_rows_per_s": round(bf["bulk_rows_per_s"]),
        "duckdb_bulk_rows_per_s": round(bf["duckdb_bulk_rows_per_s"]),
        "cycle_seconds": round(cycle["cycle_seconds"], 2),
        "pages": {u: {k: p[k] for k in ("warm_p50_ms", "warm_p95_ms", "cold_p95_ms")} for u, p in pages.items()},
        "naive": {"pandas": naive_pd, "sqlite": naive_lite},
        "queries_per_refresh_50_viewers": per_refresh,
        "details": {
            "quick": args.quick, "history_days": days, "row_counts": counts,
            "backfill": {k: round(v) if isinstance(v, float) else v for k, v in bf.items()},
            "backfill_ratio": round(bf["bulk_rows_per_s"] / bf["duckdb_bulk_rows_per_s"], 2),
            "cycle": cycle, "queries_per_page": {u: p["queries"] for u, p in pages.items()},
            "page_exceptions": {u: p["page_exceptions"] for u, p in pages.items()},
            "naive_covers": NAIVE_COVERS,
            "same_answers_warm_p95_ms": {u: p["same_answers_warm_p95_ms"] for u, p in pages.items()
                                         if "same_answers_warm_p95_ms" in p},
            "queries_one_viewer_emergency": pages["/emergency"]["queries"],
            "seconds": round(time.monotonic() - started),
        },
    }
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    print_table(results)
    return 0


def _ratio(naive_ms, page: dict) -> str:
    return f"{naive_ms / max(page['warm_p95_ms'], 0.1):.0f}" if naive_ms else "-"


def print_table(r: dict) -> None:
    d = r["details"]
    print()
    print(f"rows (probe readings)        {r['rows']:>14,}")
    print(f"backfill bulk (rows/s)       {r['backfill_rows_per_s']:>14,}   JSON path {d['backfill']['json_rows_per_s']:,}")
    print(f"DuckDB bulk insert (rows/s)  {r['duckdb_bulk_rows_per_s']:>14,}   ratio {d['backfill_ratio']} (target ≥ 0.5)")
    print(f"load cycle (s)               {r['cycle_seconds']:>14}   (target ≤ 3)")
    print()
    print(f"{'page':<12}{'queries':>8}{'warm p50':>10}{'warm p95':>10}{'cold p95':>10}{'pandas p95':>12}{'×':>7}"
          f"{'sqlite p95':>12}{'×':>7}   same answers: ours p95, × pandas, × sqlite")
    for url, p in r["pages"].items():
        pd_ms = r["naive"]["pandas"].get(url, {}).get("warm_p95_ms")
        sq_ms = r["naive"]["sqlite"].get(url, {}).get("warm_p95_ms")
        same = d.get("same_answers_warm_p95_ms", {}).get(url)
        like = (f"   {same:>7} {_ratio(pd_ms, {'warm_p95_ms': same}):>6} {_ratio(sq_ms, {'warm_p95_ms': same}):>6}"
                if same else "")
        print(f"{url:<12}{d['queries_per_page'][url]:>8}{p['warm_p50_ms']:>10}{p['warm_p95_ms']:>10}"
              f"{p['cold_p95_ms']:>10}{pd_ms or '-':>12}{_ratio(pd_ms, p):>7}{sq_ms or '-':>12}{_ratio(sq_ms, p):>7}"
              + like)
    print()
    print(f"queries per refresh, {VIEWERS} viewers on /emergency: {r['queries_per_refresh_50_viewers']} "
          f"(one viewer: {d['queries_one_viewer_emergency']})")
    print(f"total {d['seconds']} s; results in {RESULTS}")


if __name__ == "__main__":
    sys.exit(main())
