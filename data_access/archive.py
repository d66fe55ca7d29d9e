"""Housekeeping of the ingest database: closed days of raw readings to Parquet, old logs pruned."""

from __future__ import annotations

from data_access.warehouse import Ingest, _sql_literal, ident, utcnow

LOG_RETENTION_DAYS = 7
# Days of each time series kept in the ingest database (and so in every snapshot); older closed days
# move to Parquet partitions under DATA_DIR/history/<table>/day=YYYY-MM-DD/. Raw probe readings keep
# only the current day: snapshots read their history through the probe_readings_history view.
# Three days cover the longest trend a screen draws (a typhoon's passage) and keep each publish small.
HOT_DAYS = {"probe_readings": 1, "reservoir_readings": 3, "rainfall": 3, "shelter_occupancy": 3,
            "efence_counts": 3, "tourism_stats": 3, "livestream_stats": 3,
            # The movement board shows the newest; a week covers any filter worth reading on a wall or tablet,
            # and keeps a table that only grows (about 3,000 movements a day) from slowing every publish.
            "stock_movements": 7}
TIME_COLUMN = {"stock_movements": "moved_at"}  # others: observed_at


def archive_closed_days(ingest: Ingest) -> list[str]:
    """Move closed days older than each series' hot window into Parquet partitions, then delete them."""
    moved = []
    with ingest.lock:
        cur = ingest.cursor()
        for table, keep in HOT_DAYS.items():
            t, at = ident(table), ident(TIME_COLUMN.get(table, "observed_at"))
            # Names cannot be bound: t and at are quoted names from HOT_DAYS and TIME_COLUMN.
            days = [r[0] for r in cur.execute(
                "SELECT DISTINCT " + at + "::DATE FROM " + t + " WHERE " + at + "::DATE <= "
                "(SELECT max(" + at + ")::DATE FROM " + t + ") - ? ORDER BY 1", [keep]
            ).fetchall()]
            for day in days:
                moved.append(_archive_day(cur, ingest, table, day))
        cur.close()
    return moved


def _archive_day(cur, ingest: Ingest, table: str, day) -> str:
    t, at = ident(table), ident(TIME_COLUMN.get(table, "observed_at"))
    folder = ingest.settings.history_dir / table / f"day={day.isoformat()}"
    folder.mkdir(parents=True, exist_ok=True)
    n, first, last = cur.execute(
        "SELECT count(*), epoch(min(" + at + "))::BIGINT, epoch(max(" + at + "))::BIGINT FROM " + t
        + " WHERE " + at + "::DATE = ?", [day]).fetchone()
    # Named by content: a crash between the copy and the delete rewrites the same file, no double.
    target = folder / f"part-{n}-{first}-{last}.parquet"
    cur.execute("BEGIN")
    # Names and COPY's target cannot be bound; they come from our own catalogue and data folder.
    copy = "COPY (SELECT * FROM " + t + " WHERE " + at + "::DATE = ?) TO " + _sql_literal(str(target))
    cur.execute(copy + " (FORMAT parquet, COMPRESSION zstd)", [day])
    cur.execute("DELETE FROM " + t + " WHERE " + at + "::DATE = ?", [day])
    cur.execute("COMMIT")
    return f"{table}/{day.isoformat()}"


def prune_logs(ingest: Ingest) -> None:
    with ingest.lock:
        cur = ingest.cursor()
        cur.execute("DELETE FROM load_runs WHERE started_at < ?::TIMESTAMP - INTERVAL 2 DAY", [utcnow()])
        cur.execute(
            "DELETE FROM quarantine WHERE received_at < ?::TIMESTAMP - INTERVAL (?) DAY", [utcnow(), LOG_RETENTION_DAYS]
        )
        cur.close()
