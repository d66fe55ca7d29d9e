"""Command line: `python -m simulator` serves every upstream system on loopback until SIGTERM/SIGINT."""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
import threading

from .faults import FaultError, load_file
from .scenario import SCENARIOS, iso, parse_iso
from .server import DEFAULT_TOKEN, App, Simulator, build_server


def fail(msg: str) -> None:
    print(f"simulator: {msg}", file=sys.stderr)
    raise SystemExit(2)


def parse(argv: list[str] | None) -> argparse.Namespace:
    env = os.environ
    p = argparse.ArgumentParser(prog="python -m simulator", description="缙云县 upstream-systems simulator")
    p.add_argument("--host", default=env.get("SIM_HOST", "127.0.0.1"))
    p.add_argument("--port", default=env.get("SIM_PORT", "8600"))
    p.add_argument("--scenario", default=env.get("SCENARIO", "live") or "live")
    p.add_argument("--speed", default=env.get("SIM_SPEED") or None)
    p.add_argument("--start", default=env.get("SIM_START") or None)
    p.add_argument("--seed", default=env.get("SIM_SEED", "2212"))
    p.add_argument("--token", default=env.get("UPSTREAM_TOKEN", DEFAULT_TOKEN))
    p.add_argument("--faults", default=env.get("SIM_FAULTS") or None)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    a = parse(argv)
    if a.scenario not in SCENARIOS:
        fail(f"SCENARIO/--scenario={a.scenario!r} is unknown: use one of {', '.join(SCENARIOS)}.")
    try:
        port = int(a.port)
        if not 0 <= port <= 65535:
            raise ValueError
    except ValueError:
        fail(f"SIM_PORT/--port={a.port!r} is not a port number: use a number such as 8600.")
    speed = None
    if a.speed is not None:
        try:
            speed = float(a.speed)
            if speed < 0:
                raise ValueError
        except ValueError:
            fail(f"SIM_SPEED/--speed={a.speed!r} is not a non-negative number: use e.g. 1, 10 or 30.")
    if a.start:
        try:
            parse_iso(a.start)
        except ValueError:
            fail(f"SIM_START/--start={a.start!r} is not an ISO 8601 time: use e.g. 2022-09-13T08:00:00+08:00.")
    try:
        seed = int(a.seed)
    except ValueError:
        fail(f"SIM_SEED/--seed={a.seed!r} is not an integer: use e.g. 2212.")
    if not a.token:
        fail("UPSTREAM_TOKEN/--token is empty: set the bearer token clients will send.")
    faults = []
    if a.faults:
        try:
            faults = load_file(a.faults)
        except FaultError as exc:
            fail(f"SIM_FAULTS/--faults: {exc}: point it at a readable JSON list of faults (see simulator/API.md).")
    try:
        app = App(a.scenario, speed, a.start, seed, a.token, faults)
    except (OSError, ValueError) as exc:
        fail(f"cannot build the scenario ({exc}): check assets/geo/ and the settings.")
    try:
        httpd = build_server(app, a.host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            fail(f"SIM_PORT/--port={port} is already in use on {a.host}: stop the other process or choose another port.")
        fail(f"cannot listen on {a.host}:{port} ({exc.strerror or exc}): check --host and --port.")
    sim = Simulator(app, httpd)
    done = threading.Event()

    def _stop(signum, frame):
        done.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    print(f"simulator: scenario {a.scenario} listening on {sim.url} (speed {app.clock.speed:g}, "
          f"clock {iso(app.clock.now())})",
          flush=True)
    while not done.wait(0.5):
        pass
    sim.stop()
    print("simulator: stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
