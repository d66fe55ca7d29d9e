"""The loader process: runs every upstream system on its interval, publishes snapshots, delivers commands.

`python -m data_access.scheduler` runs until SIGTERM; `--once` loads every system once, publishes
and exits. One thread per system, so runs of one source never overlap and a failing source never
stops the others.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import requests

from data_access import archive, config
from data_access.config import ConfigError, Settings
from data_access.loaders import LOADERS
from data_access.loaders.client import UpstreamClient
from data_access.sources import SYSTEMS
from data_access.warehouse import Ingest, utcnow

log = logging.getLogger("scheduler")
STATUS_FILE = "scheduler.json"


def preflight(settings: Settings, session: requests.Session) -> None:
    """Stop at start, with one clear message, when the upstream cannot be reached or refuses the token."""
    url = f"{settings.url_for('census')}/townships"
    try:
        resp = session.get(url, params={"page_size": 1}, timeout=(3.05, 10),
                           headers={"Authorization": f"Bearer {settings.token_for('census')}"})
    except requests.RequestException:
        raise ConfigError(
            f"upstream {url} is unreachable: start the simulator (make run does) or set UPSTREAM_BASE_URL "
            "to the county's upstream gateway."
        ) from None
    if resp.status_code == 401:
        raise ConfigError(f"upstream {url} refused the token: set UPSTREAM_TOKEN to the token it expects.")


class Scheduler:
    def __init__(self, settings: Settings, session: requests.Session | None = None):
        self.settings = settings
        self.ingest = Ingest(settings)
        self.session = session or requests.Session()
        self.client = UpstreamClient(settings, session=self.session)
        self.stop = threading.Event()
        self.dirty = threading.Event()  # a run brought rows, failed or quarantined: publish soon
        self.ran = threading.Event()    # a run finished since the last publish
        self.threads: list[threading.Thread] = []

    def run_system(self, key: str) -> None:
        result = LOADERS[key](self.client, self.ingest)
        self.ran.set()
        if result.rows or result.status != "ok" or result.quarantined:
            self.dirty.set()
        if result.status != "ok":
            log.warning("%s: %s %s", key, result.status, "; ".join(result.messages)[:300])

    def load_all_once(self) -> None:
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(self.run_system, [s.key for s in SYSTEMS]))
        self.ingest.publish()
        self.dirty.clear()
        self.ran.clear()

    def _loop(self, key: str, interval_s: float) -> None:
        while not self.stop.wait(interval_s):
            try:
                self.run_system(key)
            except Exception:  # noqa: BLE001 - one source's bug must not stop its thread or the others
                log.exception("%s: cycle crashed", key)

    def _publisher(self) -> None:
        # At most one snapshot every two seconds: fresher than any screen refreshes, and each publish
        # costs the readers' caches a new key. A run that brought nothing new still moves its feed's last
        # success, so runs are published at least once per shortest interval: a quiet feed never looks stale.
        heartbeat_s = min(s.interval_s for s in SYSTEMS)
        last = time.monotonic()
        while not self.stop.wait(2.0):
            if self.dirty.is_set() or (self.ran.is_set() and time.monotonic() - last >= heartbeat_s):
                self.dirty.clear()
                self.ran.clear()
                try:
                    self.ingest.publish()
                    last = time.monotonic()
                except Exception:  # noqa: BLE001
                    log.exception("publish failed; readers keep the previous snapshot")
                    self.dirty.set()

    def _deliver(self) -> None:
        from data_access import commands

        while not self.stop.wait(2.0):
            try:
                commands.deliver_pending(self.session, self.settings)
            except Exception:  # noqa: BLE001
                log.exception("command delivery failed; it is retried")

    def _housekeeping(self) -> None:
        while not self.stop.wait(300.0):
            try:
                archive.archive_closed_days(self.ingest)
                archive.prune_logs(self.ingest)
                self.dirty.set()
            except Exception:  # noqa: BLE001
                log.exception("housekeeping failed")

    def start(self) -> None:
        for s in SYSTEMS:
            self.threads.append(threading.Thread(target=self._loop, args=(s.key, s.interval_s), name=s.key, daemon=True))
        for target in (self._publisher, self._deliver, self._housekeeping):
            self.threads.append(threading.Thread(target=target, name=target.__name__, daemon=True))
        for t in self.threads:
            t.start()

    def shutdown(self) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=15)
        self.ingest.close()


def write_status(settings: Settings, **fields) -> None:
    path = settings.data_dir / STATUS_FILE
    doc = {"pid": os.getpid(), **fields}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, default=str), encoding="utf-8")
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data_access.scheduler", description=__doc__.splitlines()[0])
    parser.add_argument("--once", action="store_true", help="load every system once, publish, exit")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = config.load()
        session = requests.Session()
        preflight(settings, session)
        sched = Scheduler(settings, session)
    except ConfigError as exc:
        print(f"scheduler: {exc}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sched.stop.set())
    signal.signal(signal.SIGINT, lambda *_: sched.stop.set())
    write_status(settings, started_at=utcnow(), first_load_at=None)
    t0 = time.monotonic()
    sched.load_all_once()
    write_status(settings, started_at=utcnow(), first_load_at=datetime.now().isoformat())
    log.info("first complete load in %.1f s", time.monotonic() - t0)
    if args.once:
        sched.ingest.close()
        return 0
    sched.start()
    while not sched.stop.wait(1.0):
        pass
    sched.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
