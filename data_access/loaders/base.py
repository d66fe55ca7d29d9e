"""One load cycle of one upstream system: fetch, validate, quarantine, upsert, record the run."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from data_access.loaders.client import UpstreamClient, UpstreamError
from data_access.sources import Resource, System
from data_access.warehouse import Ingest, ident, utcnow

log = logging.getLogger(__name__)
TZ = "Asia/Shanghai"


@dataclass
class Validated:
    good: pd.DataFrame
    rejected: list[tuple[str, dict]]  # (reason, record as received)


@dataclass
class RunResult:
    source: str
    status: str = "ok"
    rows: int = 0
    errors: int = 0
    quarantined: int = 0
    messages: list[str] = field(default_factory=list)
    server_time: str | None = None


def _coerce(series: pd.Series, sql_type: str) -> pd.Series:
    """Cast one column to its warehouse type; values that do not fit become NA."""
    if sql_type == "TIMESTAMP":
        parsed = pd.to_datetime(series, errors="coerce", utc=True, format="ISO8601")
        return parsed.dt.tz_convert(TZ).dt.tz_localize(None)
    if sql_type in ("DOUBLE", "FLOAT", "REAL"):
        return pd.to_numeric(series, errors="coerce").astype("float64")
    if sql_type in ("INTEGER", "BIGINT", "SMALLINT"):
        num = pd.to_numeric(series, errors="coerce")
        num = num.where(num.isna() | (num == num.round()))
        return num.astype("Int64")
    if sql_type == "BOOLEAN":
        return series.map(lambda v: v if isinstance(v, bool) else pd.NA).astype("boolean")
    return series.map(lambda v: v if isinstance(v, str) or v is None else json.dumps(v, ensure_ascii=False))


def validate(items: list[dict], columns: list[tuple[str, str, bool]], key: tuple[str, ...]) -> Validated:
    """Keep records that carry every column with a value of the right type; quarantine the rest."""
    names = [c[0] for c in columns]
    rejected: list[tuple[str, dict]] = []
    shaped: list[dict] = []
    for item in items:
        if not isinstance(item, dict):
            rejected.append(("not a JSON object", {"value": item}))
            continue
        missing = [n for n in names if n not in item]
        if missing:
            extra = sorted(set(item) - set(names))
            reason = "missing field " + ", ".join(missing) + (f" (unexpected {', '.join(extra)})" if extra else "")
            rejected.append((reason, item))
            continue
        shaped.append(item)
    if not shaped:
        return Validated(pd.DataFrame(columns=names), rejected)
    raw = pd.DataFrame.from_records(shaped, columns=names)
    good = pd.DataFrame({name: _coerce(raw[name], sql_type) for name, sql_type, _ in columns})
    bad_reason = pd.Series("", index=raw.index, dtype=object)
    for name, sql_type, nullable in columns:
        was_given = raw[name].notna()
        lost = good[name].isna() & was_given
        bad_reason[lost & (bad_reason == "")] = f"{name}: not a valid {sql_type}"
        if not nullable:
            bad_reason[raw[name].isna() & (bad_reason == "")] = f"{name}: required but null"
    bad = bad_reason != ""
    for idx in raw.index[bad]:
        rejected.append((bad_reason[idx], shaped[idx]))
    good = good[~bad]
    # A record delivered twice (or twice in one answer) lands once: keep the newest version per key.
    order = "updated_at" if "updated_at" in good.columns else None
    if order:
        good = good.sort_values(order, kind="stable")
    good = good.drop_duplicates(subset=list(key), keep="last")
    return Validated(good.reset_index(drop=True), rejected)


AfterLoad = Callable[[duckdb.DuckDBPyConnection, dict[str, pd.DataFrame]], None]


def run_cycle(
    system: System,
    client: UpstreamClient,
    ingest: Ingest,
    after: AfterLoad | None = None,
    window: tuple[str, str] | None = None,
    resources: tuple[Resource, ...] | None = None,
) -> RunResult:
    """Load every resource of one system and apply what arrived in one transaction.

    A resource that fails keeps its last good rows and watermark; the others still load. With a
    `window` (since, until) it reads that stretch of history instead, and leaves watermarks and the
    feed's freshness alone (the run is logged under source 'backfill').
    """
    result = RunResult("backfill" if window else system.key)
    run_id = ingest.next_id()
    started = utcnow()
    fetched: dict[Resource, tuple[Validated, str | None]] = {}
    for res in resources or system.resources:
        if window:
            since, until = window
        else:
            since, until = (ingest_watermark(ingest, system.key, res.path) if res.incremental else None), None
            if since is not None and "observed_at" not in res.key:
                # Re-read the watermark's own second: a record changed in that second after our last read
                # would otherwise be missed for good; the upsert makes the overlap harmless.
                since = (pd.Timestamp(since) - pd.Timedelta(seconds=1)).isoformat()
            if since is None and res.first_lookback_min and result.server_time:
                since = (pd.Timestamp(result.server_time) - pd.Timedelta(minutes=res.first_lookback_min)).isoformat()
        try:
            page = client.fetch(system.key, res.path, updated_since=since, until=until)
        except UpstreamError as exc:
            result.errors += 1
            result.messages.append(f"{res.path}: {exc}")
            continue
        result.server_time = page.server_time or result.server_time
        # Time series keep their cursor; registries advance past a second the upstream clock has left.
        mark = page.cursor if not page.cursor or "observed_at" in res.key else settled(page.cursor, page.server_time)
        fetched[res] = (validate(page.items, ingest.columns(res.table), res.key), mark)
    frames: dict[str, pd.DataFrame] = {}
    with ingest.lock:
        cur = ingest.cursor()
        try:
            cur.execute("BEGIN")
            for res, (checked, mark) in fetched.items():
                if len(checked.good):
                    cur.register("incoming", checked.good)
                    # A table name cannot be bound; it comes from our own catalogue, quoted.
                    cur.execute("INSERT OR REPLACE INTO " + ident(res.table) + " BY NAME SELECT * FROM incoming")
                    cur.unregister("incoming")
                    frames[res.table] = checked.good
                    result.rows += len(checked.good)
                for reason, record in checked.rejected:
                    cur.execute(
                        "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?)",
                        [system.key, res.path, run_id, utcnow(), reason, json.dumps(record, ensure_ascii=False, default=str)],
                    )
                result.quarantined += len(checked.rejected)
                if mark and res.incremental and not window:
                    cur.execute("INSERT OR REPLACE INTO watermarks VALUES (?, ?, ?)", [system.key, res.path, mark])
            if after and frames:
                after(cur, frames)
            if result.server_time and not window:
                _record_clock(cur, ingest.settings.scenario, result.server_time)
            result.status = "failed" if result.errors == len(fetched) + result.errors else (
                "partial" if result.errors or result.quarantined else "ok")
            _record_run(cur, run_id, result.source, started, result)
            cur.execute("COMMIT")
        except Exception as exc:  # noqa: BLE001 - any failure must leave the last good state and be recorded
            cur.execute("ROLLBACK")
            log.exception("load cycle of %s failed", system.key)
            result.status, result.errors, result.rows = "failed", result.errors + 1, 0
            result.messages.append(f"apply failed: {exc}")
            cur.execute("BEGIN")
            _record_run(cur, run_id, result.source, started, result)
            cur.execute("COMMIT")
        finally:
            cur.close()
    return result


def settled(cursor: str, server_time: str | None) -> str:
    """The watermark to keep for a cursor, so that the next read re-reads the cursor's second only if needed.

    The next read asks for records changed after (watermark - 1 s). If the upstream's clock had already left the
    cursor's second when it answered, nothing can change in that second any more: keeping cursor + 1 s asks for
    strictly newer records, so a registry whose rows share one timestamp is not read again every cycle.
    """
    try:
        at, now = pd.Timestamp(cursor), pd.Timestamp(server_time) if server_time else None
        if now is not None and now >= at + pd.Timedelta(seconds=1):
            return (at + pd.Timedelta(seconds=1)).isoformat()
    except (ValueError, TypeError):
        pass  # an upstream cursor we cannot parse is kept as it came
    return cursor


def ingest_watermark(ingest: Ingest, source: str, resource: str) -> str | None:
    row = ingest.cursor().execute(
        "SELECT watermark FROM watermarks WHERE source = ? AND resource = ?", [source, resource]
    ).fetchone()
    return row[0] if row else None


def _record_clock(cur: duckdb.DuckDBPyConnection, scenario: str, server_time: str) -> None:
    at = pd.Timestamp(server_time)
    at = (at.tz_convert(TZ).tz_localize(None) if at.tzinfo else at).to_pydatetime()
    cur.execute("INSERT OR REPLACE INTO scenario_clock VALUES (1, ?, ?, ?)", [scenario, at, utcnow()])


def _record_run(cur: duckdb.DuckDBPyConnection, run_id: int, source: str, started, result: RunResult) -> None:
    cur.execute(
        "INSERT OR REPLACE INTO load_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [run_id, source, started, utcnow(), result.status, result.rows, result.errors, result.quarantined,
         "; ".join(result.messages)[:2000] or None],
    )


def make_loader(system_key: str, after: AfterLoad | None = None) -> Callable[..., RunResult]:
    """The load function of one system: `load(client, ingest, window=None, resources=None)`."""
    from data_access.sources import BY_KEY

    system = BY_KEY[system_key]

    def load(client: UpstreamClient, ingest: Ingest, window: tuple[str, str] | None = None,
             resources: tuple[Resource, ...] | None = None) -> RunResult:
        return run_cycle(system, client, ingest, after=after, window=window, resources=resources)

    load.__doc__ = f"One load cycle of {system.title} ({system.key})."
    return load
