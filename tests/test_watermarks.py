"""Incremental reads: an unchanged registry is not read again each cycle, a second that may still change is, and
runs that bring nothing new still reach the screens (their feed's freshness)."""

import threading
import time

from data_access.loaders import LOADERS
from data_access.loaders.base import settled
from data_access.scheduler import Scheduler
from data_access.sources import SYSTEMS
from data_access.warehouse import Ingest, Reader
from simulator import server as sim_server
from tests.conftest import fast_client, settings_for


def test_settled_moves_past_the_cursor_second_only_once_the_upstream_clock_has_left_it():
    cursor = "2022-09-14T12:00:00+08:00"
    assert settled(cursor, "2022-09-14T12:00:00.600000+08:00") == cursor  # same second: re-read it next time
    assert settled(cursor, "2022-09-14T12:00:01+08:00") == "2022-09-14T12:00:01+08:00"
    assert settled(cursor, None) == cursor
    assert settled("not a time", "2022-09-14T12:00:05+08:00") == "not a time"


def test_second_cycle_of_an_unchanged_registry_loads_nothing(tmp_path):
    sim = sim_server.start(host="127.0.0.1", port=0, scenario="live")  # its own clock: other tests move theirs
    settings = settings_for(sim, tmp_path)
    ingest, client = Ingest(settings), fast_client(settings)
    try:
        first = LOADERS["census"](client, ingest)
        again = LOADERS["census"](client, ingest)
        assert first.status == again.status == "ok"
        assert first.rows > 500 and again.rows == 0, (first.rows, again.rows)
        assert ingest.cursor().execute("SELECT count(*) FROM townships").fetchone()[0] == 18
    finally:
        ingest.close()
        sim.stop()


def test_runs_that_bring_nothing_new_are_still_published(tmp_path):
    """A quiet feed's last success reaches the screens within one shortest interval, so it never shows as stale."""
    sim = sim_server.start(host="127.0.0.1", port=0, scenario="live")
    sched = Scheduler(settings_for(sim, tmp_path))
    publisher = threading.Thread(target=sched._publisher, daemon=True)
    try:
        sched.run_system("cowork")
        sched.ingest.publish()
        sched.dirty.clear()
        # A run as run_system makes it, but leaving `dirty` alone: only the heartbeat may publish it.
        assert LOADERS["cowork"](sched.client, sched.ingest).status == "ok"
        sched.ran.set()
        publisher.start()
        reader = Reader(sched.settings.snapshot_dir)
        deadline = time.monotonic() + min(s.interval_s for s in SYSTEMS) + 8
        runs = 0
        while time.monotonic() < deadline and runs < 2:
            time.sleep(0.5)
            runs = int(reader.query("SELECT count(*) AS n FROM load_runs WHERE source = 'cowork'")["n"].iloc[0])
        reader.close()
        assert runs == 2, "the quiet run never reached a published snapshot"
    finally:
        sched.stop.set()
        if publisher.is_alive():  # it may be mid-publish: close the ingest database only once it has stopped
            publisher.join(5)
        sched.ingest.close()
        sim.stop()
