"""Housekeeping of the ingest database: closed days of raw readings to Parquet, old logs pruned."""

from __future__ import annotations

from data_access.warehouse import Ingest, _sql_literal, utcnow

LOG_RETENTION_DAYS = 7


def archive_closed_days(ingest: Ingest) -> list[str]:
    """Move every day of probe readings before the newest day into a Parquet partition, then delete it."""
    moved = []
    with ingest.lock:
        cur = ingest.cursor()
        days = [r[0] for r in cur.execute(
            "SELECT DISTINCT observed_at::DATE FROM probe_readings "
            "WHERE observed_at::DATE < (SELECT max(observed_at)::DATE FROM probe_readings) ORDER BY 1"
        ).fetchall()]
        for day in days:
            folder = ingest.settings.history_dir / "probe_readings" / f"day={day.isoformat()}"
            folder.mkdir(parents=True, exist_ok=True)
            n, first, last = cur.execute(
                "SELECT count(*), epoch(min(observed_at))::BIGINT, epoch(max(observed_at))::BIGINT "
                "FROM probe_readings WHERE observed_at::DATE = ?", [day]).fetchone()
            # Named by content: a crash between the copy and the delete rewrites the same file, no double.
            target = folder / f"part-{n}-{first}-{last}.parquet"
            cur.execute("BEGIN")
            # COPY's target cannot be a bound parameter; the path is built from our own data directory.
            cur.execute(
                "COPY (SELECT probe_id, observed_at, status, value FROM probe_readings WHERE observed_at::DATE = ?) "
                "TO " + _sql_literal(str(target)) + " (FORMAT parquet, COMPRESSION zstd)",
                [day],
            )
            cur.execute("DELETE FROM probe_readings WHERE observed_at::DATE = ?", [day])
            cur.execute("COMMIT")
            moved.append(day.isoformat())
        cur.close()
    return moved


def prune_logs(ingest: Ingest) -> None:
    with ingest.lock:
        cur = ingest.cursor()
        cur.execute("DELETE FROM load_runs WHERE started_at < ?::TIMESTAMP - INTERVAL 2 DAY", [utcnow()])
        cur.execute(
            "DELETE FROM quarantine WHERE received_at < ?::TIMESTAMP - INTERVAL (?) DAY", [utcnow(), LOG_RETENTION_DAYS]
        )
        cur.close()
