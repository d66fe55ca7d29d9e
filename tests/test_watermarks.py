"""Incremental reads: an unchanged registry is not read again each cycle; a second that may still change is."""

from data_access.loaders import LOADERS
from data_access.loaders.base import settled
from data_access.warehouse import Ingest
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
