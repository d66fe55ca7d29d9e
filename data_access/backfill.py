"""`python -m data_access.backfill --days N`: load N days of history from the upstream time series.

History is read in six-hour windows (the upstream's longest answer) through the same validation
and idempotent upserts as the live loaders, so a backfill can be stopped and run again at will;
it does not move the live watermarks. A progress bar shows windows done. Run it while the
scheduler is stopped: the ingest database has one writer.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta

import requests
from tqdm import tqdm

from data_access import config
from data_access.config import ConfigError
from data_access.loaders import LOADERS
from data_access.loaders.client import UpstreamClient
from data_access.sources import SYSTEMS
from data_access.warehouse import Ingest

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


def backfill(ingest: Ingest, client: UpstreamClient, end: datetime, days: float, systems: list[str] | None = None,
             progress: bool = True) -> dict:
    """Load every window of every time-series resource; returns rows loaded and failures."""
    plan = [(key, res) for key, res in series_resources() if not systems or key in systems]
    spans = windows(end, days)
    totals = {"rows": 0, "failed_windows": 0, "quarantined": 0}
    with tqdm(total=len(plan) * len(spans), unit="窗口", disable=not progress, desc="回填历史数据") as bar:
        for key, res in plan:
            for span in spans:
                result = LOADERS[key](client, ingest, window=span, resources=res)
                totals["rows"] += result.rows
                totals["quarantined"] += result.quarantined
                totals["failed_windows"] += result.status == "failed"
                bar.set_postfix(rows=totals["rows"])
                bar.update()
    ingest.publish()
    return totals


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
