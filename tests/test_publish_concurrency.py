"""Readers never fail or see half a cycle while a loader process publishes, even when it is SIGKILLed."""

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from data_access.warehouse import Ingest, Reader
from simulator import server as sim_server
from tests.conftest import settings_for

WORKER = Path(__file__).parent / "cycle_worker.py"
START = "2022-09-13T00:00:00+08:00"
INVARIANTS = """
SELECT
  (SELECT count(*) FROM reservoirs) AS reservoirs,
  (SELECT count(*) FROM reservoir_readings) AS readings,
  (SELECT count(DISTINCT observed_at) FROM reservoir_readings) AS slots,
  (SELECT count(DISTINCT latest) FROM (SELECT max(observed_at) AS latest FROM reservoir_readings GROUP BY reservoir_id))
    AS latest_slots,
  (SELECT count(*) FROM load_runs WHERE source = 'hydro') AS runs
"""


def check(row) -> str | None:
    """A consistent cycle: every reservoir has the same newest slot and one reading per slot."""
    if row.reservoirs != 84:
        return f"{row.reservoirs} reservoirs"
    if row.latest_slots != 1:
        return f"reservoirs disagree on their newest reading ({row.latest_slots} different slots)"
    if row.readings != 84 * row.slots:
        return f"{row.readings} readings for {row.slots} slots"
    return None


@pytest.fixture(scope="module")
def sim():
    """A simulator of this module's own: the workers move and freeze its clock, which other tests must not see."""
    own = sim_server.start(host="127.0.0.1", port=0, scenario="live")
    yield own
    own.stop()


def worker(data_dir, sim, cycles) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(WORKER), str(data_dir), sim.url, str(cycles), START],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


class ReaderLoop(threading.Thread):
    """Reads as a screen refresh does: the current snapshot, several queries, then the next."""

    def __init__(self, snapshot_dir: Path):
        super().__init__(daemon=True)
        self.reader = Reader(snapshot_dir)
        self.stop = threading.Event()
        self.reads = 0
        self.snapshots: set[int] = set()
        self.errors: list[str] = []

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                snap = self.reader.current()
            except Exception:  # noqa: BLE001 - the first snapshot is not there yet
                time.sleep(0.01)
                continue
            try:
                row = next(self.reader.query(INVARIANTS, snap=snap).itertuples())
                problem = check(row)
                self.reader.query("SELECT count(*) FROM load_runs", snap=snap)
                if problem:
                    self.errors.append(f"snapshot {snap.snapshot_id}: {problem}")
                self.snapshots.add(snap.snapshot_id)
                self.reads += 1
            except Exception as exc:  # noqa: BLE001 - any error here is the failure being tested for
                self.errors.append(f"{type(exc).__name__}: {exc}")


def test_readers_see_only_whole_cycles_through_200_publishes(sim, tmp_path):
    loop = ReaderLoop(settings_for(sim, tmp_path).snapshot_dir)
    loop.start()
    proc = worker(tmp_path, sim, 200)
    out, err = proc.communicate(timeout=240)
    loop.stop.set()
    loop.join(10)
    assert proc.returncode == 0, err[-2000:]
    assert out.count("cycle ") == 200
    assert loop.errors == [], loop.errors[:5]
    assert len(loop.snapshots) >= 50, "the reader should have followed many publishes"
    print(f"{loop.reads} reads over {len(loop.snapshots)} snapshots, 0 errors")


def test_sigkill_at_random_points_leaves_the_last_published_cycle(sim, tmp_path):
    rng = random.Random(20220914)
    settings = settings_for(sim, tmp_path)
    first = worker(tmp_path, sim, 1)  # a published cycle to fall back on, whenever the first kill lands
    assert first.wait(60) == 0, first.stderr.read()
    published_runs = 0
    for kill in range(20):
        proc = worker(tmp_path, sim, 1000)
        time.sleep(rng.uniform(0.8, 1.8))  # the worker starts in about 0.7 s; cycles take 0.25 s
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        reader = Reader(settings.snapshot_dir)
        try:
            row = next(reader.query(INVARIANTS).itertuples())
        finally:
            reader.close()
        assert check(row) is None, f"kill {kill}: {check(row)}"
        assert row.runs >= published_runs, f"kill {kill}: published state went back"
        published_runs = row.runs
        ingest = Ingest(settings)  # the ingest database opens after the crash
        ingest.close()
    proc = worker(tmp_path, sim, 2)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err[-2000:]
    assert out.count("cycle ") == 2
