"""The durable command outbox (一键派发 / 一键下达) and the audit log, in one SQLite file shared by two processes.

The dashboards `enqueue`; the scheduler process calls `deliver_pending`. A command is written once per
idempotency key and POSTed with that key, so a retry after a crash (POST sent, not yet marked) makes the
upstream answer with the same record instead of creating a second one: delivery is exactly-once.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import requests

from data_access import config

KINDS = {  # kind -> (upstream system, resource)
    "task": ("cowork", "tasks"),
    "warning": ("cowork", "tasks"),
    "dispatch": ("supplies", "dispatch_orders"),
}
REQUIRED = {
    "task": ("title", "department"),
    "warning": ("title", "department"),
    "dispatch": ("category_code", "quantity", "from_warehouse_id", "to_kind", "to_id"),
}
DISPATCH_TARGETS = ("shelter", "village")
WRITE_ROLES = ("commander", "admin")
TIMEOUT = (3.05, 10)
BACKOFF_CAP_S = 60
# A claimed command is not picked up by another deliverer until this passes (a crash mid-POST then retries).
CLAIM_LEASE_S = 30
# 4xx that mean "not now" rather than "never": retried like a 5xx.
RETRYABLE_4XX = (408, 425, 429)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,                 -- task | warning | dispatch
    payload TEXT NOT NULL,              -- JSON body sent upstream
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    status TEXT NOT NULL,               -- pending | delivered | failed
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,      -- UTC ISO; due when <= now
    last_error TEXT,
    upstream_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    delivered_at TEXT
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_attempt_at);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,                   -- UTC ISO
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,               -- what was asked, e.g. "task: 转移群众"
    idempotency_key TEXT,
    result TEXT NOT NULL
);
"""


def _utc(now: datetime | None = None) -> datetime:
    now = now or datetime.now(UTC)
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)


def _iso(moment: datetime) -> str:
    # One fixed format so that string comparison in SQL orders like time.
    return _utc(moment).isoformat(timespec="microseconds")


def _default_path() -> Path:
    return config.load().commands_path


@contextmanager
def connect(path: Path | str | None = None):
    """A short-lived connection with WAL and a busy timeout; tables created on first use."""
    path = Path(path) if path is not None else _default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=10, isolation_level=None)) as conn:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")  # a queued command must survive a power cut
        conn.executescript(_SCHEMA)
        yield conn


@contextmanager
def _transaction(conn: sqlite3.Connection):
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _audit(conn, actor: str, role: str, action: str, key: str | None, result: str, now: datetime) -> None:
    conn.execute(
        "INSERT INTO audit (at, actor, role, action, idempotency_key, result) VALUES (?, ?, ?, ?, ?, ?)",
        (_iso(now), actor, role, action, key, result),
    )


def record_audit(actor: str, role: str, action: str, result: str, key: str | None = None,
                 path: Path | str | None = None, now: datetime | None = None) -> None:
    """Append one audit row for something that is not a command (sign-in, lock-out, export)."""
    with connect(path) as conn, _transaction(conn):
        _audit(conn, actor, role, action, key, result, _utc(now))


def _summary(kind: str, payload: dict) -> str:
    if kind == "dispatch":
        return (f"dispatch: {payload.get('category_code')} x{payload.get('quantity')} "
                f"{payload.get('from_warehouse_id')} -> {payload.get('to_kind')} {payload.get('to_id')}")
    return f"{kind}: {payload.get('title')}"


def _validate(kind: str, payload: dict, actor: str, idempotency_key: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown command kind {kind!r}: use one of {', '.join(KINDS)}")
    if not isinstance(payload, dict):
        raise ValueError(f"payload of a {kind} must be a dict, got {type(payload).__name__}")
    missing = [f for f in REQUIRED[kind] if payload.get(f) in (None, "")]
    if missing:
        raise ValueError(f"{kind} payload is missing required field(s): {', '.join(missing)}")
    if kind == "dispatch":
        qty = payload["quantity"]
        if isinstance(qty, bool) or not isinstance(qty, int) or qty <= 0:
            raise ValueError(f"dispatch quantity must be a positive integer, got {qty!r}")
        if payload["to_kind"] not in DISPATCH_TARGETS:
            raise ValueError(f"dispatch to_kind must be one of {', '.join(DISPATCH_TARGETS)}, got {payload['to_kind']!r}")
    if not isinstance(idempotency_key, str) or not idempotency_key.strip():
        raise ValueError("idempotency_key must be a non-empty string (one per tap, reused on a double tap)")
    if not isinstance(actor, str) or not actor.strip():
        raise ValueError("actor must name who issues the command")
    try:
        json.dumps(payload)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{kind} payload is not JSON-serialisable: {exc}") from None


def _row(row: sqlite3.Row) -> dict:
    out = dict(row)
    out["payload"] = json.loads(out["payload"])
    return out


def enqueue(kind: str, payload: dict, actor: str, role: str, idempotency_key: str,
            path: Path | str | None = None, now: datetime | None = None) -> dict:
    """Queue a command once per idempotency key and audit it; returns the (new or existing) outbox row.

    Raises ValueError on bad input (nothing written) and PermissionError when the role may not command
    (the refusal is audited).
    """
    _validate(kind, payload, actor, idempotency_key)
    now = _utc(now)
    body = {**payload, "requested_by": actor}
    if kind in ("task", "warning"):
        body["kind"] = kind
    action = _summary(kind, payload)
    with connect(path) as conn, _transaction(conn):
        if role not in WRITE_ROLES:
            _audit(conn, actor, role, action, idempotency_key, f"refused: role {role} may not command", now)
        else:
            cur = conn.execute(
                "INSERT OR IGNORE INTO outbox (idempotency_key, kind, payload, actor, role, status, attempts,"
                " next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)",
                (idempotency_key, kind, json.dumps(body, ensure_ascii=False), actor, role,
                 _iso(now), _iso(now), _iso(now)),
            )
            result = "queued" if cur.rowcount == 1 else "duplicate ignored"
            _audit(conn, actor, role, action, idempotency_key, result, now)
            row = conn.execute("SELECT * FROM outbox WHERE idempotency_key = ?", (idempotency_key,)).fetchone()
            return _row(row)
    raise PermissionError(f"role {role!r} may not issue commands: sign in as commander or admin")


def _claim_due(conn, now: datetime) -> list[dict]:
    """Take the due commands, pushing their next attempt out by a lease so a second deliverer skips them."""
    with _transaction(conn):
        rows = conn.execute(
            "SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id",
            (_iso(now),),
        ).fetchall()
        lease = _iso(now + timedelta(seconds=CLAIM_LEASE_S))
        conn.executemany("UPDATE outbox SET next_attempt_at = ? WHERE id = ?", [(lease, r["id"]) for r in rows])
    return [_row(r) for r in rows]


def _upstream_id(response: requests.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    for candidate in (body, body.get("item"), body.get("record"), body.get("data")):
        if isinstance(candidate, dict) and candidate.get("id") is not None:
            return str(candidate["id"])
    return None


def _post(session, settings, cmd: dict) -> tuple[str, str | None, str | None]:
    """One delivery attempt -> (outcome, upstream_id, reason) with outcome delivered | retry | failed."""
    system, resource = KINDS[cmd["kind"]]
    url = f"{settings.url_for(system).rstrip('/')}/{resource}"
    headers = {"Authorization": f"Bearer {settings.token_for(system)}", "Idempotency-Key": cmd["idempotency_key"]}
    try:
        response = session.post(url, json=cmd["payload"], headers=headers, timeout=TIMEOUT)
    except requests.Timeout:
        return "retry", None, "timeout"
    except requests.RequestException as exc:
        return "retry", None, f"connection error ({type(exc).__name__})"
    code = response.status_code
    if 200 <= code < 300:
        return "delivered", _upstream_id(response), None
    reason = f"HTTP {code} {(response.text or '').strip()[:200]}".strip()
    if code >= 500 or code in RETRYABLE_4XX:
        return "retry", None, reason
    return "failed", None, reason


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after `attempts` failed ones: 2, 4, 8, ... capped at 60 s."""
    return timedelta(seconds=min(BACKOFF_CAP_S, 2 ** max(1, attempts)))


def deliver_pending(session, settings, now: datetime | None = None) -> int:
    """POST every due pending command once; returns how many were delivered in this call."""
    now = _utc(now)
    delivered = 0
    with connect(settings.commands_path) as conn:
        for cmd in _claim_due(conn, now):
            outcome, upstream_id, reason = _post(session, settings, cmd)
            attempts = cmd["attempts"] + 1
            action = _summary(cmd["kind"], cmd["payload"])
            with _transaction(conn):
                if outcome == "delivered":
                    delivered += 1
                    conn.execute(
                        "UPDATE outbox SET status = 'delivered', attempts = ?, upstream_id = ?, last_error = NULL,"
                        " updated_at = ?, delivered_at = ? WHERE id = ?",
                        (attempts, upstream_id, _iso(now), _iso(now), cmd["id"]),
                    )
                    result = f"delivered (upstream id {upstream_id})" if upstream_id else "delivered"
                elif outcome == "retry":
                    conn.execute(
                        "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?",
                        (attempts, _iso(now + backoff(attempts)), reason, _iso(now), cmd["id"]),
                    )
                    result = f"retry scheduled: {reason}"
                else:
                    conn.execute(
                        "UPDATE outbox SET status = 'failed', attempts = ?, last_error = ?, updated_at = ? WHERE id = ?",
                        (attempts, reason, _iso(now), cmd["id"]),
                    )
                    result = f"failed: {reason}"
                _audit(conn, cmd["actor"], cmd["role"], action, cmd["idempotency_key"], result, now)
    return delivered


def get_command(idempotency_key: str, path: Path | str | None = None) -> dict | None:
    with connect(path) as conn:
        row = conn.execute("SELECT * FROM outbox WHERE idempotency_key = ?", (idempotency_key,)).fetchone()
    return _row(row) if row else None


COMMAND_COLUMNS = ["id", "created_at", "kind", "summary", "actor", "role", "status", "attempts",
                   "next_attempt_at", "last_error", "upstream_id", "delivered_at", "idempotency_key"]
AUDIT_COLUMNS = ["at", "actor", "role", "action", "result", "idempotency_key"]


def list_commands(limit: int = 50, path: Path | str | None = None) -> pd.DataFrame:
    """The newest commands first; times are UTC timestamps, `summary` is a readable one-liner."""
    with connect(path) as conn:
        rows = [_row(r) for r in conn.execute("SELECT * FROM outbox ORDER BY id DESC LIMIT ?", (int(limit),))]
    for r in rows:
        r["summary"] = _summary(r["kind"], r["payload"])
    frame = pd.DataFrame(rows, columns=COMMAND_COLUMNS)
    for col in ("created_at", "next_attempt_at", "delivered_at"):
        frame[col] = pd.to_datetime(frame[col], utc=True, format="ISO8601")
    return frame


def audit_log(limit: int = 200, path: Path | str | None = None) -> pd.DataFrame:
    """The newest audit rows first: who (actor, role), what (action), when (at, UTC), result."""
    with connect(path) as conn:
        rows = [dict(r) for r in conn.execute(
            f"SELECT {', '.join(AUDIT_COLUMNS)} FROM audit ORDER BY id DESC LIMIT ?", (int(limit),))]
    frame = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    frame["at"] = pd.to_datetime(frame["at"], utc=True, format="ISO8601")
    return frame
