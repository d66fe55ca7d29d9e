"""The HTTP server: auth, routing, pagination, updated_since/until, faults, commands and the /_sim control endpoints."""

from __future__ import annotations

import json
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .commands import CommandError, Commands
from .faults import TIMEOUT_S, FaultError, Faults, load_file
from .registry import Registry
from .resources import SIX_HOURS, Catalogue
from .scenario import DEFAULTS, MUIFA_END, SCENARIOS, Clock, World, iso, parse_iso

DEFAULT_TOKEN = "jinyun-sim-token"
MAX_PAGE = 5000
LOOPBACK = ("127.0.0.1", "::1", "::ffff:127.0.0.1", "localhost")
COMMANDS = {("cowork", "tasks"), ("supplies", "dispatch_orders")}


class BadRequest(Exception):
    pass


def _dumps(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class App:
    """One running scenario: registry, world, clock, commands, faults."""

    def __init__(self, scenario: str, speed: float | None, start, seed: int, token: str, faults):
        if scenario not in SCENARIOS:
            raise ValueError(f"scenario {scenario!r} is unknown: use one of {', '.join(SCENARIOS)}")
        d_start, d_speed = DEFAULTS[scenario]
        if isinstance(start, str) and start:
            start = parse_iso(start)
        if start is None:
            start = d_start if d_start is not None else time.time()
        self.scenario = scenario
        self.token = token
        self.reg = Registry(seed)
        self.world = World(self.reg, scenario, float(start), seed)
        self.clock = Clock(float(start), d_speed if speed is None else float(speed),
                           stop_at=MUIFA_END if scenario == "muifa" else None)
        self.commands = Commands(self.world)
        self.catalogue = Catalogue(self.world, self.commands)
        self.faults = Faults()
        self.stopping = threading.Event()
        if isinstance(faults, str):
            faults = load_file(faults)
        for f in faults or []:
            self.faults.add(f)

    # ------------------------------------------------------------------ reading
    def read(self, system: str, resource: str, q: dict, now: float) -> dict:
        def one(name):
            v = q.get(name)
            return v[-1] if v else None

        try:
            page = int(one("page") or 1)
            size = int(one("page_size") or 1000)
        except ValueError:
            raise BadRequest("page and page_size must be integers") from None
        if page < 1 or not 1 <= size <= MAX_PAGE:
            raise BadRequest(f"page must be >= 1 and page_size within 1..{MAX_PAGE}")
        since_raw, until_raw = one("updated_since"), one("until")
        try:
            since = parse_iso(since_raw) if since_raw else None
            until = parse_iso(until_raw) if until_raw else None
        except ValueError:
            raise BadRequest("updated_since and until must be ISO 8601 times, e.g. 2022-09-14T12:00:00+08:00") from None
        since_iso = iso(since) if since is not None else None
        key = (system, resource)
        cat = self.catalogue
        if key in cat.series:
            return self._read_series(cat.series[key], since, until, now, page, size, since_iso)
        if key in cat.static:
            rows = cat.static[key]
            if since_iso is not None:
                rows = [r for r in rows if r["updated_at"] > since_iso]
        else:
            rows = cat.state[key](now, since_iso)
            if since_iso is not None:
                rows = [r for r in rows if r["updated_at"] > since_iso]
            rows.sort(key=lambda r: r["updated_at"])
        total = len(rows)
        if rows:
            cursor = max(r["updated_at"] for r in rows)
        else:
            cursor = since_iso or iso(now)
        lo = (page - 1) * size
        return {"items": rows[lo: lo + size], "page": page, "page_size": size, "total": total,
                "next_page": page + 1 if lo + size < total else None, "cursor": cursor, "server_time": iso(now)}

    def _read_series(self, s, since, until, now, page, size, since_iso) -> dict:
        hi = min(now, until) if until is not None else now
        last = int(hi // s.step) * s.step
        # Like the real feeds, one read serves at most six hours; a longer gap is read in windows (until=).
        first = max((int(since // s.step) + 1) * s.step if since is not None else 0, last - SIX_HOURS + s.step)
        if s.bounds:
            first = max(first, s.bounds[0])
            last = min(last, s.bounds[1])
        nslots = max(0, (last - first) // s.step + 1) if s.count else 0
        total = nslots * s.count
        lo, hi_i = (page - 1) * size, min(total, page * size)
        items: list = []
        i = lo
        while i < hi_i:
            k, j = divmod(i, s.count)
            j1 = min(s.count, j + (hi_i - i))
            items += s.batch(first + k * s.step, j, j1)
            i += j1 - j
        cursor = iso(last) if total else (since_iso or iso(now))
        return {"items": items, "page": page, "page_size": size, "total": total,
                "next_page": page + 1 if hi_i < total else None, "cursor": cursor, "server_time": iso(now)}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "JinyunSim/1.0"
    app: App  # set on the subclass

    def log_message(self, format, *args):  # noqa: A002 - quiet by default
        pass

    # ------------------------------------------------------------------ plumbing
    def _send(self, code: int, body: bytes, ctype: str = "application/json; charset=utf-8"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, code: int, obj):
        self._send(code, _dumps(obj))

    def _error(self, code: int, msg: str):
        self._json(code, {"error": msg, "status": code})

    def _body(self) -> dict:
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        if not raw:
            return {}
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise BadRequest("the body is not valid JSON") from None
        if not isinstance(doc, dict):
            raise BadRequest("the body must be a JSON object")
        return doc

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def do_DELETE(self):
        self._dispatch("DELETE")

    def _dispatch(self, method: str):
        try:
            url = urlsplit(self.path)
            parts = [p for p in url.path.split("/") if p]
            if parts[:1] == ["_sim"]:
                return self._control(method, parts[1:])
            if len(parts) == 3 and parts[0] == "api":
                return self._api(method, parts[1], parts[2], parse_qs(url.query))
            return self._error(404, f"no such path {url.path}: use /api/<system>/<resource> or /_sim/...")
        except BadRequest as exc:
            return self._error(400, str(exc))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:  # noqa: BLE001 - never leak a traceback to the client
            print(f"simulator: error on {method} {self.path}", file=sys.stderr)
            traceback.print_exc(file=sys.stderr)
            try:
                self._error(500, "internal simulator error")
            except OSError:
                self.close_connection = True

    # ------------------------------------------------------------------ /_sim
    def _control(self, method: str, parts: list[str]):
        app = self.app
        if self.client_address[0] not in LOOPBACK:
            return self._error(403, "control endpoints answer on loopback only")
        what = parts[0] if parts else ""
        if what == "health" and method == "GET":
            return self._json(200, {"ok": True, "scenario": app.scenario, "time": iso(app.clock.now())})
        if what == "clock":
            if method == "POST":
                body = self._body()
                at = body.get("time")
                speed = body.get("speed")
                try:
                    at = parse_iso(at) if at else None
                except (ValueError, TypeError):
                    raise BadRequest("time must be an ISO 8601 time, e.g. 2022-09-14T12:00:00+08:00") from None
                if speed is not None and (not isinstance(speed, (int, float)) or isinstance(speed, bool) or speed < 0):
                    raise BadRequest("speed must be a number >= 0")
                app.clock.set(at, speed)
            elif method != "GET":
                return self._error(405, "use GET or POST on /_sim/clock")
            return self._json(200, {"scenario": app.scenario, "time": iso(app.clock.now()), "speed": app.clock.speed})
        if what == "faults":
            if method == "GET":
                return self._json(200, {"faults": app.faults.list()})
            if method == "DELETE":
                app.faults.clear()
                return self._json(200, {"faults": []})
            if method == "POST":
                try:
                    f = app.faults.add(self._body())
                except FaultError as exc:
                    raise BadRequest(str(exc)) from None
                return self._json(201, f)
        return self._error(404, "control endpoints: GET /_sim/health, GET|POST /_sim/clock, GET|POST|DELETE /_sim/faults")

    # ------------------------------------------------------------------ /api
    def _api(self, method: str, system: str, resource: str, q: dict):
        app = self.app
        auth = self.headers.get("Authorization", "")
        if auth != f"Bearer {app.token}":
            return self._error(401, "missing or wrong bearer token: send Authorization: Bearer <UPSTREAM_TOKEN>")
        if (system, resource) == ("iot", "readings_export") and method == "GET":
            return self._export(q)
        if not app.catalogue.known(system, resource):
            return self._error(404, f"unknown system or resource: {system}/{resource}")
        if method == "POST" and (system, resource) not in COMMANDS:
            return self._error(405, f"{system}/{resource} is read-only; commands are cowork/tasks and supplies/dispatch_orders")
        if method not in ("GET", "POST"):
            return self._error(405, "use GET (or POST for commands)")
        fault = app.faults.take(system, resource)
        if fault is not None:
            kind = fault["kind"]
            if kind == "latency":
                app.stopping.wait(fault["latency_s"])
            elif kind == "error":
                if method == "POST":  # read the unused body, or it is parsed as the next request on this keep-alive
                    self.rfile.read(int(self.headers.get("Content-Length") or 0))
                return self._error(503, "upstream temporarily unavailable (injected fault)")
            elif kind == "timeout":
                app.stopping.wait(TIMEOUT_S)
                self.close_connection = True
                return None
        now = app.clock.now()
        if method == "POST":
            key = self.headers.get("Idempotency-Key")
            if not key:
                raise BadRequest("the Idempotency-Key header is required on commands")
            body = self._body()
            try:
                if resource == "tasks":
                    code, rec = app.commands.create_task(key, body, now)
                else:
                    code, rec = app.commands.create_order(key, body, now)
            except CommandError as exc:
                raise BadRequest(str(exc)) from None
            if fault is not None and fault["kind"] == "malformed":
                return self._send(code, _dumps(rec)[:-7])
            if fault is not None:
                rec = (app.faults.mangle(fault, [rec]) or [rec])[0]
            return self._json(code, rec)
        doc = app.read(system, resource, q, now)
        if fault is not None:
            if fault["kind"] == "malformed":
                raw = _dumps(doc)
                return self._send(200, raw[: max(1, len(raw) // 2)] + b"\x00,,")
            doc["items"] = app.faults.mangle(fault, doc["items"])
            stamp = "observed_at" if (system, resource) in app.catalogue.series else "updated_at"
            if fault["kind"] in ("missing_field", "renamed_field") and doc["items"] and \
                    all(stamp not in it for it in doc["items"]):
                # nothing carrying a watermark was served: the cursor does not advance
                since = q.get("updated_since")
                doc["cursor"] = iso(parse_iso(since[-1])) if since else None
        return self._json(200, doc)

    def _export(self, q: dict):
        """GET /api/iot/readings_export?since=ISO&until=ISO: one day at most of readings as Arrow IPC."""
        from . import export

        app = self.app
        try:
            since, until = parse_iso(q["since"][-1]), parse_iso(q["until"][-1])
        except (KeyError, ValueError):
            raise BadRequest("since and until are required ISO 8601 times") from None
        if not 0 < until - since <= export.MAX_SPAN_S:
            raise BadRequest("until must be after since, by one day at most")
        body, rows, last = export.export(app.world, app.catalogue._pk, since, until, app.clock.now())
        self.send_response(200)
        self.send_header("Content-Type", export.CONTENT_TYPE)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Rows", str(rows))
        self.send_header("X-Server-Time", iso(app.clock.now()))
        self.end_headers()
        self.wfile.write(body)
        return None


class Simulator:
    """A running simulator: .url, .port, .app, .stop()."""

    def __init__(self, app: App, httpd: ThreadingHTTPServer):
        self.app = app
        self.httpd = httpd
        host, port = httpd.server_address[:2]
        self.host, self.port = host, port
        self.url = f"http://{host}:{port}"
        self.thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                       name="simulator-http", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.app.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def build_server(app: App, host: str, port: int) -> ThreadingHTTPServer:
    handler = type("BoundHandler", (Handler,), {"app": app})
    httpd = ThreadingHTTPServer((host, port), handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    return httpd


def start(host: str = "127.0.0.1", port: int = 0, scenario: str = "live", speed: float | None = None,
          start: str | float | None = None, seed: int = 2212, token: str = DEFAULT_TOKEN, faults=None) -> Simulator:
    """Build the scenario and serve it in a background thread; port 0 picks a free port."""
    app = App(scenario, speed, start, seed, token, faults)
    return Simulator(app, build_server(app, host, port))
