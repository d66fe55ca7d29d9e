"""The command outbox against a real loopback HTTP upstream that can be down (503), up, or refusing (422)."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from data_access import commands, config

TASK = {"title": "转移壶镇镇低洼地带群众", "department": "壶镇镇", "detail": "一小时内完成"}
DISPATCH = {"category_code": "TENT", "quantity": 20, "from_warehouse_id": "WH-01", "to_kind": "shelter", "to_id": "SH-007"}


class Upstream(ThreadingHTTPServer):
    """Answers like the simulator: first key creates (201), a repeat returns the same record (200)."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = "down"  # down | up | reject
        self.seen: list[tuple[str, str, str]] = []  # (path, idempotency key, authorization)
        self.records: dict[str, dict] = {}
        self.lock = threading.Lock()

    @property
    def created(self) -> int:
        return len(self.records)


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        srv: Upstream = self.server
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        key = self.headers.get("Idempotency-Key", "")
        with srv.lock:
            srv.seen.append((self.path, key, self.headers.get("Authorization", "")))
            if srv.mode == "down":
                return self._send(503, {"error": "unavailable"})
            if srv.mode == "reject":
                return self._send(422, {"error": "unknown warehouse"})
            code = 200 if key in srv.records else 201
            record = srv.records.setdefault(key, {"id": f"R{len(srv.records) + 1}", **body})
        self._send(code, record)

    def _send(self, code, obj):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def upstream():
    server = Upstream()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def settings(tmp_path, upstream):
    return config.load({"DATA_DIR": str(tmp_path), "UPSTREAM_BASE_URL": f"http://127.0.0.1:{upstream.server_port}/api",
                        "UPSTREAM_TOKEN": "t0ken"})


@pytest.fixture
def session():
    with requests.Session() as s:
        yield s


def _enqueue(settings, kind="task", payload=TASK, key="k-1", role="commander", now=None):
    return commands.enqueue(kind, payload, actor="zhangsan", role=role, idempotency_key=key,
                            path=settings.commands_path, now=now)


def test_down_then_up_delivers_exactly_once(settings, upstream, session):
    t0 = datetime.now(UTC)
    row = _enqueue(settings, now=t0)
    assert row["status"] == "pending" and row["payload"]["kind"] == "task"

    assert commands.deliver_pending(session, settings, now=t0) == 0
    cmd = commands.get_command("k-1", settings.commands_path)
    assert cmd["status"] == "pending" and cmd["attempts"] == 1 and "503" in cmd["last_error"]
    # Backoff: not retried before its time.
    assert commands.deliver_pending(session, settings, now=t0 + timedelta(seconds=1)) == 0
    assert len(upstream.seen) == 1

    upstream.mode = "up"
    assert commands.deliver_pending(session, settings, now=t0 + timedelta(seconds=3)) == 1
    cmd = commands.get_command("k-1", settings.commands_path)
    assert cmd["status"] == "delivered" and cmd["upstream_id"] == "R1" and cmd["attempts"] == 2
    assert commands.deliver_pending(session, settings, now=t0 + timedelta(minutes=5)) == 0
    assert upstream.created == 1
    assert [(p, k, a) for p, k, a in upstream.seen] == [("/api/cowork/tasks", "k-1", "Bearer t0ken")] * 2


def test_crash_after_post_does_not_create_twice(settings, upstream, session):
    upstream.mode = "up"
    _enqueue(settings)
    assert commands.deliver_pending(session, settings) == 1
    # As if the deliverer died after the POST, before marking the command delivered.
    with sqlite3.connect(settings.commands_path) as conn:
        conn.execute("UPDATE outbox SET status = 'pending', upstream_id = NULL")
    # The claim lease keeps it from a second deliverer until it runs out; then it is retried with the same key.
    assert commands.deliver_pending(session, settings) == 0
    later = datetime.now(UTC) + timedelta(seconds=commands.CLAIM_LEASE_S + 1)
    assert commands.deliver_pending(session, settings, now=later) == 1
    assert upstream.created == 1 and len(upstream.seen) == 2
    assert commands.get_command("k-1", settings.commands_path)["upstream_id"] == "R1"


def test_double_tap_makes_one_command(settings, upstream, session):
    first = _enqueue(settings, key="tap-1")
    second = _enqueue(settings, key="tap-1", payload={**TASK, "title": "another"})
    assert first["id"] == second["id"] and second["payload"]["title"] == TASK["title"]
    assert len(commands.list_commands(path=settings.commands_path)) == 1
    results = list(commands.audit_log(path=settings.commands_path)["result"])
    assert results == ["duplicate ignored", "queued"]
    upstream.mode = "up"
    assert commands.deliver_pending(session, settings) == 1
    assert upstream.created == 1


def test_dispatch_goes_to_supplies_and_4xx_fails(settings, upstream, session):
    upstream.mode = "reject"
    _enqueue(settings, kind="dispatch", payload=DISPATCH, key="d-1")
    assert commands.deliver_pending(session, settings) == 0
    cmd = commands.get_command("d-1", settings.commands_path)
    assert cmd["status"] == "failed" and "422" in cmd["last_error"]
    assert upstream.seen[0][0] == "/api/supplies/dispatch_orders"
    upstream.mode = "up"
    assert commands.deliver_pending(session, settings, now=datetime.now(UTC) + timedelta(hours=1)) == 0


def test_connection_refused_is_retried_with_capped_backoff(tmp_path, session):
    with socket_closed_port() as port:
        settings = config.load({"DATA_DIR": str(tmp_path), "UPSTREAM_BASE_URL": f"http://127.0.0.1:{port}/api"})
    t = datetime.now(UTC)
    _enqueue(settings, now=t)
    for _ in range(8):
        commands.deliver_pending(session, settings, now=t)
        cmd = commands.get_command("k-1", settings.commands_path)
        t = datetime.fromisoformat(cmd["next_attempt_at"])
    assert cmd["status"] == "pending" and cmd["attempts"] == 8 and "connection error" in cmd["last_error"]
    assert commands.backoff(8) == timedelta(seconds=60) and commands.backoff(1) == timedelta(seconds=2)


def test_audit_lists_who_what_when_result(settings, upstream, session):
    before = datetime.now(UTC)
    _enqueue(settings)
    commands.deliver_pending(session, settings)
    upstream.mode = "up"
    commands.deliver_pending(session, settings, now=datetime.now(UTC) + timedelta(seconds=5))
    log = commands.audit_log(path=settings.commands_path)
    assert list(log.columns) == ["at", "actor", "role", "action", "result", "idempotency_key"]
    assert list(log["result"])[::-1][:2] == ["queued", "retry scheduled: HTTP 503 {\"error\": \"unavailable\"}"]
    assert log.iloc[0]["result"].startswith("delivered")
    assert set(log["actor"]) == {"zhangsan"} and set(log["role"]) == {"commander"}
    assert all(a == f"task: {TASK['title']}" for a in log["action"])
    assert (log["at"] >= before - timedelta(seconds=1)).all() and str(log["at"].dt.tz) == "UTC"


@pytest.mark.parametrize("kind, payload, message", [
    ("evacuate", TASK, "unknown command kind"),
    ("task", {"title": "x"}, "missing required field(s): department"),
    ("warning", {"department": "气象"}, "missing required field(s): title"),
    ("dispatch", {**DISPATCH, "quantity": 0}, "positive integer"),
    ("dispatch", {**DISPATCH, "to_kind": "moon"}, "to_kind"),
    ("dispatch", {k: v for k, v in DISPATCH.items() if k != "to_id"}, "to_id"),
])
def test_bad_input_writes_nothing(settings, kind, payload, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        _enqueue(settings, kind=kind, payload=payload)
    assert commands.list_commands(path=settings.commands_path).empty
    assert commands.audit_log(path=settings.commands_path).empty


def test_viewer_may_not_command_and_is_audited(settings):
    with pytest.raises(PermissionError):
        _enqueue(settings, role="viewer")
    assert commands.list_commands(path=settings.commands_path).empty
    assert commands.audit_log(path=settings.commands_path).iloc[0]["result"].startswith("refused")


class socket_closed_port:
    """A loopback port that was just free: connecting to it is refused."""

    def __enter__(self):
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        port = self.sock.getsockname()[1]
        self.sock.close()
        return port

    def __exit__(self, *exc):
        return False
