"""`python -m data_access.backfill --days N`: load N days of history from the upstream time series.

History is read in six-hour windows (the upstream's longest answer) through the same validation
and idempotent upserts as the live loaders, so a backfill can be stopped and run again at will;
it does not move the live watermarks. A progress bar shows windows done. Run it while the
scheduler is stopped: the ingest database has one writer.

Probe readings (three million a day) take the bulk path when the upstream offers it: closed days are
read whole from `iot/readings_export` (Arrow IPC), checked column-wise and written straight to their
Parquet partition, the next day fetched while the current one is written. Other upstreams fall back
to the JSON windows.
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path

import requests
from tqdm import tqdm

from data_access import config
from data_access.config import ConfigError
from data_access.loaders import LOADERS
from data_access.loaders.client import UpstreamClient
from data_access.sources import SYSTEMS
from data_access.warehouse import Ingest, utcnow

STATUSES = ("online", "offline", "alarm")
ARROW_STREAM = "application/vnd.apache.arrow.stream"

WINDOW = timedelta(hours=6)


def series_resources() -> list[tuple[str, tuple]]:
    """(system key, its time-series resources): those keyed by observed_at."""
    out = []
    for s in SYSTEMS:
        res = tuple(r for r in s.resources if "observed_at" in r.key)
        if res:
            out.append((s.key, res))
    return out


def windows(end: datetime, days: float) -> list[tuple[str, str]]:
    start = end - timedelta(days=days)
    out = []
    t = start
    while t < end:
        out.append((t.isoformat(), min(t + WINDOW, end).isoformat()))
        t += WINDOW
    return out


def _fetch_day(client: UpstreamClient, day: date):
    """One closed day of readings from the bulk export, or None when the upstream does not offer it."""
    import pyarrow as pa

    start = datetime.combine(day, datetime.min.time())
    params = {"since": (start - timedelta(seconds=1)).isoformat() + "+08:00",
              "until": (start + timedelta(days=1) - timedelta(seconds=1)).isoformat() + "+08:00"}
    resp = client.session.get(f"{client.settings.url_for('iot')}/readings_export", params=params, timeout=(3.05, 120),
                              headers={"Authorization": f"Bearer {client.settings.token_for('iot')}"}, stream=True)
    with resp:
        if resp.status_code in (404, 405, 501) or ARROW_STREAM not in resp.headers.get("Content-Type", ""):
            return None
        resp.raise_for_status()
        # Arrow reads the socket itself: no 60 MB bytes object per day, and a gzip-encoded answer is decoded.
        resp.raw.decode_content = True
        return pa.ipc.open_stream(resp.raw).read_all()


def _check_day(table, day: date):
    """Keep rows with a probe, a time inside the day and a known status; returns (good, rejected count)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    start = pa.scalar(datetime.combine(day, datetime.min.time()), pa.timestamp("us"))
    stop = pa.scalar(datetime.combine(day + timedelta(days=1), datetime.min.time()), pa.timestamp("us"))
    at = table["observed_at"].cast(pa.timestamp("us"))
    ok = pc.and_(pc.and_(pc.is_valid(table["probe_id"]), pc.is_in(table["status"].cast(pa.string()),
                                                                    value_set=pa.array(STATUSES))),
                 pc.and_(pc.greater_equal(at, start), pc.less(at, stop)))
    ok = pc.fill_null(ok, False)
    good = table.filter(ok)
    good = good.set_column(1, "observed_at", good["observed_at"].cast(pa.timestamp("us")))
    return good, table.num_rows - good.num_rows


def _write_day(history_dir: Path, day: date, table) -> None:
    """Replace the day's partition with the whole day from upstream (a superset of any archived part)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    folder = history_dir / "probe_readings" / f"day={day.isoformat()}"
    folder.mkdir(parents=True, exist_ok=True)
    at = table["observed_at"].cast("int64")
    name = f"part-{table.num_rows}-{pc.min(at).as_py() // 1_000_000}-{pc.max(at).as_py() // 1_000_000}.parquet"
    tmp = folder / f".{name}.tmp"
    # Dictionary-encoded ids and statuses go to Parquet as they came, without re-hashing strings.
    pq.write_table(table, tmp, compression="zstd", row_group_size=512 * 1024)
    os.replace(tmp, folder / name)
    for other in folder.glob("part-*.parquet"):
        if other.name != name:
            other.unlink(missing_ok=True)


def bulk_readings(ingest: Ingest, client: UpstreamClient, first: date, last: date, progress: bool = True) -> dict | None:
    """Closed days first..last of probe readings to Parquet partitions; None when the upstream has no bulk export."""
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    totals = {"rows": 0, "quarantined": 0, "days": 0}
    if not days:
        return totals
    started = utcnow()
    with ThreadPoolExecutor(max_workers=1) as pool, \
            tqdm(total=len(days), unit="天", disable=not progress, desc="回填探头读数(批量)") as bar:
        pending = pool.submit(_fetch_day, client, days[0])
        for i, day in enumerate(days):
            table = pending.result()
            if table is None:
                return None
            if i + 1 < len(days):
                pending = pool.submit(_fetch_day, client, days[i + 1])
            good, bad = _check_day(table, day)
            if good.num_rows:
                _write_day(ingest.settings.history_dir, day, good)
            totals["rows"] += good.num_rows
            totals["quarantined"] += bad
            totals["days"] += 1
            bar.update()
    with ingest.lock:
        ingest.cursor().execute(
            "INSERT OR REPLACE INTO load_runs VALUES (?, 'backfill', ?, ?, ?, ?, 0, ?, ?)",
            [ingest.next_id(), started, utcnow(), "partial" if totals["quarantined"] else "ok", totals["rows"],
             totals["quarantined"], f"iot/readings_export {first}..{last}"])
    return totals


def backfill(ingest: Ingest, client: UpstreamClient, end: datetime, days: float, systems: list[str] | None = None,
             progress: bool = True, bulk: bool = True) -> dict:
    """Load every window of every time-series resource; returns rows loaded and failures."""
    plan = [(key, res) for key, res in series_resources() if not systems or key in systems]
    spans = windows(end, days)
    totals = {"rows": 0, "failed_windows": 0, "quarantined": 0}
    bulk_until = None
    start = end - timedelta(days=days)
    first_day = (start + timedelta(days=1)).date() if start.time() != datetime.min.time() else start.date()
    if bulk and any(key == "iot" for key, _ in plan) and first_day < end.date():
        done = bulk_readings(ingest, client, first_day, end.date() - timedelta(days=1), progress)
        if done is not None:
            totals["rows"] += done["rows"]
            totals["quarantined"] += done["quarantined"]
            bulk_until = (datetime.combine(first_day, datetime.min.time()), datetime.combine(end.date(), datetime.min.time()))
    with tqdm(total=len(plan) * len(spans), unit="窗口", disable=not progress, desc="回填历史数据") as bar:
        for key, res in plan:
            for span in spans:
                todo = res
                if bulk_until and key == "iot" and _inside(span, *bulk_until, end.tzinfo):
                    # The bulk export already wrote this stretch of raw readings; load the rest only.
                    todo = tuple(r for r in res if r.table != "probe_readings")
                if todo:
                    result = LOADERS[key](client, ingest, window=span, resources=todo)
                    totals["rows"] += result.rows
                    totals["quarantined"] += result.quarantined
                    totals["failed_windows"] += result.status == "failed"
                    bar.set_postfix(rows=totals["rows"])
                bar.update()
    ingest.publish()
    return totals


def _inside(span: tuple[str, str], lo: datetime, hi: datetime, tz) -> bool:
    a, b = (datetime.fromisoformat(x) for x in span)
    a, b = (x.replace(tzinfo=None) if x.tzinfo else x for x in (a, b))
    return lo <= a and b <= hi


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data_access.backfill", description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, required=True, help="how many days back from --end")
    parser.add_argument("--end", help="ISO time the history ends (default: the upstream's clock now)")
    parser.add_argument("--systems", help="comma-separated system keys (default: every time series)")
    args = parser.parse_args(argv)
    try:
        settings = config.load()
        session = requests.Session()
        client = UpstreamClient(settings, session=session)
        if args.end:
            end = datetime.fromisoformat(args.end)
        else:
            end = datetime.fromisoformat(client.fetch("census", "townships").server_time)
        ingest = Ingest(settings)
    except (ConfigError, ValueError) as exc:
        print(f"backfill: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - one clear line instead of a traceback
        print(f"backfill: cannot reach the upstream ({exc}); start the simulator or set UPSTREAM_BASE_URL.",
              file=sys.stderr)
        return 2
    try:
        totals = backfill(ingest, client, end, args.days, args.systems.split(",") if args.systems else None)
    finally:
        ingest.close()
    print(f"回填完成：{totals['rows']:,} 行，隔离 {totals['quarantined']} 条，失败窗口 {totals['failed_windows']} 个")
    return 1 if totals["failed_windows"] else 0


if __name__ == "__main__":
    sys.exit(main())
