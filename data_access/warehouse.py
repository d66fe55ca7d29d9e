"""The warehouse: the loaders' private ingest database, immutable published snapshots, and readers.

Only the loader process opens the ingest database. After each committed cycle it copies the
published tables into a new snapshot file and switches a pointer file to it with an atomic
rename; readers open snapshots read-only, so a load never blocks or breaks a screen, a crash
mid-load leaves the last snapshot intact, and every refresh reads one consistent cycle.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from data_access.config import ConfigError, Settings

log = logging.getLogger(__name__)
SCHEMA_DIR = Path(__file__).parent / "schema"
SERVING_DIR = Path(__file__).parent / "serving"
POINTER = "CURRENT.json"
# High-volume raw tables stay out of snapshots; screens read their rollups and latest-state tables.
UNPUBLISHED = frozenset({"probe_readings"})
KEEP_SNAPSHOTS = 4          # newest snapshots kept; older ones go once unused for GRACE_S
GRACE_S = 60.0


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def schema_statements() -> list[str]:
    statements = []
    for path in sorted(SCHEMA_DIR.glob("*.sql")):
        text = "\n".join(line.split("--", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())
        statements += [s.strip() for s in text.split(";") if s.strip()]
    return statements


@functools.cache
def serving_tables() -> tuple[tuple[str, str], ...]:
    """(table, SELECT) for each serving/<table>.sql: answers computed once per snapshot, not once per query."""
    return tuple((path.stem, path.read_text(encoding="utf-8")) for path in sorted(SERVING_DIR.glob("*.sql")))


def serving_params(published_at: datetime) -> dict:
    """What a serving table may bind: the publish time (UTC; anchors windows such as "failures in the last
    hour"), and constants each defined once where it is used: the risk model's radii, the probe grid's cell,
    the movement board's depth."""
    from data_access import emergency, risk_model, supplies

    return {"published_at": published_at, "reservoir_km": risk_model.RESERVOIR_RADIUS_KM,
            "alarm_km": risk_model.ALARM_RADIUS_KM, "cell_deg": emergency.PROBE_CELL_DEG,
            "recent_movements": supplies.RECENT_MOVEMENTS}


def ensure_data_dir(settings: Settings) -> None:
    """Create the data directory tree, or stop with a message naming DATA_DIR."""
    try:
        for d in (settings.data_dir, settings.snapshot_dir, settings.history_dir):
            d.mkdir(parents=True, exist_ok=True)
        probe = settings.data_dir / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise ConfigError(
            f"DATA_DIR={settings.data_dir} is not writable ({exc.strerror}): "
            "set DATA_DIR to a folder this user can write."
        ) from None


class Ingest:
    """The loader process's read-write database; threads write through cursors under one lock."""

    def __init__(self, settings: Settings):
        ensure_data_dir(settings)
        self.settings = settings
        self.lock = threading.RLock()
        try:
            self.con = duckdb.connect(str(settings.ingest_path))
        except duckdb.IOException as exc:
            raise ConfigError(
                f"{settings.ingest_path} is in use by another loader ({exc}): stop the other scheduler "
                "or set DATA_DIR to another folder."
            ) from None
        with self.lock:
            for stmt in schema_statements():
                self.con.execute(stmt)
        self._columns: dict[str, list[tuple[str, str, bool]]] = {}
        self._seq = int(time.time() * 1000)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.con.cursor()

    def columns(self, table: str) -> list[tuple[str, str, bool]]:
        """(name, type, nullable) in table order, read from the database's own catalogue."""
        if table not in self._columns:
            rows = self.cursor().execute(
                "SELECT column_name, data_type, is_nullable = 'YES' FROM information_schema.columns "
                "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
                [table],
            ).fetchall()
            if not rows:
                raise KeyError(f"no table {table!r} in the warehouse schema")
            self._columns[table] = rows
        return self._columns[table]

    def tables(self) -> list[str]:
        rows = self.cursor().execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()
        return [r[0] for r in rows]

    def next_id(self) -> int:
        with self.lock:
            self._seq = max(self._seq + 1, int(time.time() * 1000))
            return self._seq

    def publish(self) -> Path:
        """Copy the published tables into a new snapshot file, add its serving tables, and point readers at it."""
        snap_dir = self.settings.snapshot_dir
        snap_id = self.next_id()
        published_at = utcnow()
        final = snap_dir / f"snap-{snap_id}.duckdb"
        tmp = snap_dir / f".snap-{snap_id}.duckdb.tmp"
        with self.lock:
            cur = self.cursor()
            cur.execute("ATTACH ? AS snap", [str(tmp)])
            try:
                skip: set[str] = set()
                while True:
                    try:
                        self._write_snapshot(cur, snap_id, published_at, skip)
                        break
                    except ServingTableFailed as failed:
                        # One faulty serving table must not stop every feed from publishing: this snapshot goes
                        # out without it (its panels say they cannot read), the rest stays fresh.
                        cur.execute("ROLLBACK")
                        log.error("serving table %s failed, published without it: %s", failed.table, failed.error)
                        skip.add(failed.table)
            finally:
                cur.execute("DETACH snap")
        os.replace(tmp, final)
        _write_pointer(snap_dir, {"file": final.name, "snapshot_id": snap_id, "published_at": published_at.isoformat()})
        _collect_garbage(snap_dir, keep=final.name)
        return final

    def _write_snapshot(self, cur, snap_id: int, published_at: datetime, skip: set[str]) -> None:
        cur.execute("BEGIN")
        for table in self.tables():
            if table not in UNPUBLISHED:
                cur.execute(_create_in_snapshot(table, "SELECT * FROM main." + ident(table)))
        params = serving_params(published_at)
        for table, select in serving_tables():
            if table in skip:
                continue
            try:  # read from main, the cycle just copied
                cur.execute(_create_in_snapshot(table, select),
                            {k: v for k, v in params.items() if "$" + k in select} or None)
            except duckdb.Error as exc:
                raise ServingTableFailed(table, exc) from exc
        cur.execute("CREATE TABLE snap.snapshot_info AS SELECT ?::BIGINT AS snapshot_id, ?::TIMESTAMP AS published_at",
                    [snap_id, published_at])
        cur.execute(_history_view_sql(self.settings.history_dir))
        cur.execute("COMMIT")

    def close(self) -> None:
        with self.lock:
            self.con.close()


def _create_in_snapshot(table: str, select: str) -> str:
    # A table name cannot be bound: it comes from our own catalogue or serving folder, quoted; the SELECT is a
    # copy or one of our serving files, whose values are bound by the caller.
    return "CREATE TABLE snap." + ident(table) + " AS " + select


class ServingTableFailed(Exception):
    """A serving table's SELECT failed while a snapshot was written (publish leaves that table out)."""

    def __init__(self, table: str, error: Exception):
        super().__init__(f"{table}: {error}")
        self.table, self.error = table, error


def _history_view_sql(history_dir: Path) -> str:
    """Closed days of raw readings live as Parquet partitions; a snapshot reads them through a view."""
    if any(history_dir.glob("probe_readings/day=*/*.parquet")):
        glob = _sql_literal(str(history_dir / "probe_readings" / "*" / "*.parquet"))
        return f"CREATE VIEW snap.probe_readings_history AS SELECT * FROM read_parquet({glob}, hive_partitioning = true)"
    return (
        "CREATE VIEW snap.probe_readings_history AS SELECT NULL::VARCHAR AS probe_id, NULL::TIMESTAMP AS "
        "observed_at, NULL::VARCHAR AS status, NULL::DOUBLE AS value, NULL::DATE AS day WHERE false"
    )


def ident(name: str) -> str:
    """Quote a table or column name from our own catalogue (identifiers cannot be bound)."""
    return '"' + name.replace('"', '""') + '"'


def _sql_literal(text: str) -> str:
    # A view body cannot hold a bound parameter; the path is ours, not user input, and is quoted.
    return "'" + text.replace("'", "''") + "'"


def _write_pointer(snap_dir: Path, doc: dict) -> None:
    tmp = snap_dir / f".{POINTER}.tmp"
    tmp.write_text(json.dumps(doc), encoding="utf-8")
    os.replace(tmp, snap_dir / POINTER)


def _collect_garbage(snap_dir: Path, keep: str) -> None:
    snaps = sorted(snap_dir.glob("snap-*.duckdb"), key=lambda p: int(p.stem.split("-")[1]))
    now = time.time()
    for path in snaps[:-KEEP_SNAPSHOTS]:
        if path.name != keep and now - path.stat().st_mtime > GRACE_S:
            path.unlink(missing_ok=True)
    for tmp in snap_dir.glob(".snap-*.tmp"):
        if now - tmp.stat().st_mtime > GRACE_S:
            tmp.unlink(missing_ok=True)


# ---- readers -------------------------------------------------------------------------------


class NoSnapshot(Exception):
    """Nothing has been published yet (the loaders have not completed a first cycle)."""


@dataclass(frozen=True)
class Snapshot:
    snapshot_id: int
    path: Path
    published_at: datetime  # UTC


class Reader:
    """Opens published snapshots read-only, one connection per snapshot, a cursor per query."""

    def __init__(self, snapshot_dir: Path):
        self.snapshot_dir = Path(snapshot_dir)
        self._lock = threading.Lock()
        self._pointer_mtime = -1
        self._current: Snapshot | None = None
        self._conns: dict[int, duckdb.DuckDBPyConnection] = {}

    def current(self) -> Snapshot:
        pointer = self.snapshot_dir / POINTER
        try:
            mtime = pointer.stat().st_mtime_ns
        except FileNotFoundError:
            raise NoSnapshot(str(pointer)) from None
        with self._lock:
            if mtime != self._pointer_mtime or self._current is None:
                doc = json.loads(pointer.read_text(encoding="utf-8"))
                self._current = Snapshot(
                    int(doc["snapshot_id"]), self.snapshot_dir / doc["file"], datetime.fromisoformat(doc["published_at"])
                )
                self._pointer_mtime = mtime
            return self._current

    def _connection(self, snap: Snapshot) -> duckdb.DuckDBPyConnection:
        with self._lock:
            con = self._conns.get(snap.snapshot_id)
            if con is None:
                # One thread per query: the screens' queries are small, and on two cores DuckDB's hand-off between
                # threads costs more than it saves (page query sets measured ~20 % faster); concurrent sessions
                # still use every core.
                con = duckdb.connect(str(snap.path), read_only=True)
                con.execute("SET threads = 1")
                self._conns[snap.snapshot_id] = con
                # Keep the two newest: a query still running on the previous snapshot finishes there.
                for old in sorted(self._conns)[:-2]:
                    self._conns.pop(old).close()
            return con

    def query(self, sql: str, params: list | dict | None = None, snap: Snapshot | None = None) -> pd.DataFrame:
        snap = snap or self.current()
        for attempt in (1, 2):
            try:
                cur = self._connection(snap).cursor()
                try:
                    return cur.execute(sql, params or []).df()
                finally:
                    cur.close()
            except duckdb.ConnectionException:
                # The connection was closed under us by a newer snapshot: read the newest instead.
                if attempt == 2:
                    raise
                snap = self.current()
        raise AssertionError("unreachable")

    def close(self) -> None:
        with self._lock:
            for con in self._conns.values():
                con.close()
            self._conns.clear()
