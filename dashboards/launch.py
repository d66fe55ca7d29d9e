"""Starts the whole suite on one machine (`make run`): simulator, loaders, dashboards; supervises them.

Settings: PORT (dashboards, 8501), SIM_PORT (8600), SCENARIO (live | muifa | ceremony),
DATA_DIR (./data/<scenario>), ADDRESS (127.0.0.1; 0.0.0.0 to serve the hall's screens), UPSTREAM_BASE_URL
(set it to use real upstream systems; then no simulator is started).
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from data_access import config
from data_access.config import ConfigError
from data_access.warehouse import ensure_data_dir

ROOT = Path(__file__).resolve().parent.parent


def _die_with_parent() -> None:
    """In each child: receive SIGTERM if the launcher dies, even by SIGKILL, so no service is orphaned."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _port_free(port: int, name: str) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # As the servers themselves do: a port left in TIME_WAIT by a previous run is free.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            raise ConfigError(f"{name}={port} is already in use: stop what uses it or set {name} to a free port.") from None


def _wait(check, seconds: float, proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ConfigError(f"{what} stopped at start (exit {proc.returncode}); its message is above.")
        if check():
            return
        time.sleep(0.3)
    raise ConfigError(f"{what} did not become ready in {seconds:.0f} s.")


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as resp:
            return resp.status == 200
    except OSError:
        return False


def _first_load_done(status: Path, pid: int) -> bool:
    try:
        doc = json.loads(status.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return doc.get("pid") == pid and bool(doc.get("first_load_at"))


class Suite:
    def __init__(self) -> None:
        self.settings = config.load()
        self.address = os.environ.get("ADDRESS", "127.0.0.1")
        self.with_simulator = not os.environ.get("UPSTREAM_BASE_URL") and not os.environ.get("JINYUN_CONFIG")
        self.env = {**os.environ, "DATA_DIR": str(self.settings.data_dir), "PYTHONUNBUFFERED": "1"}
        self.procs: dict[str, subprocess.Popen] = {}

    def command(self, name: str) -> list[str]:
        s = self.settings
        return {
            "simulator": [sys.executable, "-m", "simulator", "--host", "127.0.0.1", "--port", str(s.sim_port),
                          "--scenario", s.scenario],
            "scheduler": [sys.executable, "-m", "data_access.scheduler"],
            "dashboards": [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboards" / "app.py"),
                           "--server.port", str(s.port), "--server.address", self.address],
        }[name]

    def spawn(self, name: str) -> subprocess.Popen:
        proc = subprocess.Popen(self.command(name), cwd=ROOT, env=self.env, preexec_fn=_die_with_parent)
        self.procs[name] = proc
        return proc

    def start(self) -> None:
        s = self.settings
        ensure_data_dir(s)
        _port_free(s.port, "PORT")
        if self.with_simulator:
            _port_free(s.sim_port, "SIM_PORT")
            sim = self.spawn("simulator")
            _wait(lambda: _http_ok(f"http://127.0.0.1:{s.sim_port}/_sim/health"), 30, sim, "the simulator")
        sched = self.spawn("scheduler")
        # A machine that has run before serves its last published data at once (its true age shown on
        # every panel) while the loaders catch up, so a restart takes seconds.
        if not (s.snapshot_dir / "CURRENT.json").exists():
            print("正在完成首次数据加载 (first load of every upstream system)…", flush=True)
            _wait(lambda: _first_load_done(s.data_dir / "scheduler.json", sched.pid), 180, sched, "the loaders")
        web = self.spawn("dashboards")
        _wait(lambda: _http_ok(f"http://127.0.0.1:{s.port}/_stcore/health"), 60, web, "the dashboards")
        host = "127.0.0.1" if self.address in ("127.0.0.1", "0.0.0.0") else self.address
        print(f"\n缙云县应急指挥大屏已启动: http://{host}:{s.port}/  (场景 {s.scenario}, 数据目录 {s.data_dir})",
              flush=True)
        print("按 Ctrl-C 停止全部服务。", flush=True)

    def supervise(self, stop: list[bool]) -> None:
        """Restart a service that dies, so the wall stays up for days; stop when `make` itself is stopped."""
        parent = os.getppid()
        while not stop[0]:
            time.sleep(1.0)
            if os.getppid() != parent:  # SIGTERM to make ends make but not us: follow it
                stop[0] = True
                break
            for name, proc in list(self.procs.items()):
                if proc.poll() is not None and not stop[0]:
                    print(f"{name} exited ({proc.returncode}); restarting", file=sys.stderr, flush=True)
                    time.sleep(2.0)
                    self.spawn(name)

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + 15
        for proc in self.procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()


def main() -> int:
    stop = [False]

    def on_signal(*_):
        stop[0] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    suite = None
    try:
        suite = Suite()
        suite.start()
        suite.supervise(stop)
    except ConfigError as exc:
        print(f"无法启动 (cannot start): {exc}", file=sys.stderr)
        return 2
    finally:
        if suite:
            suite.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
