"""Closed days leave the ingest database for Parquet partitions that snapshots still read, without doubles."""

import duckdb

from data_access.archive import archive_closed_days
from data_access.warehouse import Ingest, Reader
from tests.conftest import settings_for


class _NoSim:
    url = "http://127.0.0.1:9"


def test_closed_days_move_to_parquet_once_and_stay_readable(tmp_path):
    ingest = Ingest(settings_for(_NoSim, tmp_path))
    cur = ingest.cursor()
    cur.execute("""
        INSERT INTO probe_readings
        SELECT 'P' || (i % 10), TIMESTAMP '2022-09-12 00:00' + INTERVAL (i // 10 * 30) MINUTE, 'online', i
        FROM range(10 * 48 * 3) AS t(i)""")  # three days of half-hourly readings from ten probes
    cur.execute("""
        INSERT INTO reservoir_readings
        SELECT 'R1', TIMESTAMP '2022-08-01 00:00' + INTERVAL (i) DAY, 100, 1, 1, 1, now()::TIMESTAMP
        FROM range(20) AS t(i)""")
    cur.execute("""
        INSERT INTO stock_movements
        SELECT 'M' || i, 'W1', 'C01', 'in', 1, '入库', NULL, TIMESTAMP '2022-09-01 08:00' + INTERVAL (i) DAY,
               now()::TIMESTAMP
        FROM range(10) AS t(i)""")  # one movement a day for ten days: kept by moved_at, not observed_at
    moved = archive_closed_days(ingest)
    assert moved[:2] == ["probe_readings/2022-09-12", "probe_readings/2022-09-13"]
    assert len([m for m in moved if m.startswith("reservoir_readings")]) == 20 - 3
    assert [m for m in moved if m.startswith("stock_movements")] == [f"stock_movements/2022-09-0{d}" for d in (1, 2, 3)]
    assert cur.execute("SELECT count(*) FROM probe_readings").fetchone()[0] == 480
    assert cur.execute("SELECT count(*) FROM reservoir_readings").fetchone()[0] == 3
    assert cur.execute("SELECT count(*) FROM stock_movements").fetchone()[0] == 7
    assert archive_closed_days(ingest) == []
    ingest.publish()
    ingest.close()
    reader = Reader(tmp_path / "snapshots")
    history = reader.query("SELECT count(*) AS n, count(DISTINCT day) AS days FROM probe_readings_history")
    assert (history["n"].iloc[0], history["days"].iloc[0]) == (960, 2)
    parts = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path}/history/reservoir_readings/*/*.parquet')")
    assert parts.fetchall()[0][0] == 17
    reader.close()
