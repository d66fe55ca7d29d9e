"""After-cycle hooks that keep the derived tables of data_access/schema/40_rollups.sql."""

from pathlib import Path

_SQL = Path(__file__).parent / "sql"


def derive(table: str, sql_file: str, refill: str | None = None):
    """An `after` hook: run sql/<sql_file> when this cycle loaded rows of `table` (registered as `arrived`).

    With `refill` (a derived table that does not read `arrived`), it also runs while that table is empty:
    a warehouse created before the table existed fills it on its next cycle instead of waiting for new rows.
    """
    sql = (_SQL / sql_file).read_text(encoding="utf-8")

    def after(cur, frames) -> None:
        rows = frames.get(table)
        if rows is not None and len(rows):
            cur.register("arrived", rows)
            cur.execute(sql).fetchall()  # fetched: a multi-statement result left open blocks the cursor
            cur.unregister("arrived")
        elif refill and not cur.execute("SELECT count(*) FROM " + refill).fetchall()[0][0]:
            cur.execute(sql).fetchall()

    return after


def chain(*hooks):
    """One `after` hook that runs several, in order, in the cycle's transaction."""

    def after(cur, frames) -> None:
        for hook in hooks:
            hook(cur, frames)

    return after


def body_sites(table: str):
    """The hook that recomputes body_sites when `table` (bodies, probes or reservoirs) changed."""
    return derive(table, "derive_body_sites.sql", refill="body_sites")
