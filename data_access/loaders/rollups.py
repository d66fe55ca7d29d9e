"""After-cycle hooks that keep the latest-state tables of data_access/schema/40_rollups.sql."""

from pathlib import Path

_SQL = Path(__file__).parent / "sql"


def derive(table: str, sql_file: str):
    """An `after` hook: run sql/<sql_file> on the rows of `table` that this cycle loaded (as `arrived`)."""
    sql = (_SQL / sql_file).read_text(encoding="utf-8")

    def after(cur, frames) -> None:
        rows = frames.get(table)
        if rows is not None and len(rows):
            cur.register("arrived", rows)
            cur.execute(sql)
            cur.unregister("arrived")

    return after
