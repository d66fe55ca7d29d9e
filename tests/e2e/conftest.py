"""Browser fixtures: Debian chromium through Playwright, one whole suite (`python -m dashboards.launch`) per session.

Set E2E_BASE_URL=http://127.0.0.1:PORT to run against a suite that is already up instead of launching one.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.browser import READY_BUDGET_S

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"data", "blob", "about"}
START_BUDGET_S = 120.0



# --- the browser on this machine ----------------------------------------------------------------------------


def _missing() -> list[str]:
    missing = []
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"{CHROMIUM} (Debian package chromium)")
    try:
        fonts = subprocess.run(["fc-list"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        fonts = ""
    if "noto sans cjk" not in fonts.lower():
        missing.append("the Noto Sans CJK fonts (Debian package fonts-noto-cjk)")
    return missing


def _apt_install() -> str:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    log = []
    for cmd, budget in ((["apt-get", "update", "-q"], 300),
                        (["apt-get", "install", "-y", "-q", "chromium", "fonts-noto-cjk"], 600)):
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=budget, env=env)
            log.append(f"$ {' '.join(cmd)} -> {done.returncode}\n{done.stdout[-1500:]}{done.stderr[-1500:]}")
        except (OSError, subprocess.SubprocessError) as exc:
            log.append(f"$ {' '.join(cmd)} failed: {exc}")
    return "\n".join(log)


@pytest.fixture(scope="session")
def browser_ready() -> None:
    """Debian chromium and the CJK fonts, installed with apt-get when missing and we are root."""
    missing = _missing()
    log = ""
    if missing and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        log = _apt_install()
        missing = _missing()
    if missing:
        reason = "browser tests need " + " and ".join(missing)
        reason += ("; apt-get install did not provide them:\n" + log) if log else \
            "; install them as root: apt-get install chromium fonts-noto-cjk"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(browser_ready):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


# --- the whole suite on free loopback ports ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


@dataclass
class Suite:
    url: str
    proc: subprocess.Popen | None = None
    log: Path | None = None
    ports: tuple[int, ...] = ()
    started_s: float = 0.0
    extra: dict = field(default_factory=dict)

    def output(self, tail: int = 6000) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-tail:] if self.log else ""

    def children(self, needle: str) -> list[int]:
        """Pids of the launcher's children whose command line contains `needle` (Linux /proc)."""
        if self.proc is None:
            return []
        found = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                ppid = next(line.split()[1] for line in status.read_text().splitlines() if line.startswith("PPid:"))
                cmdline = (status.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except (OSError, StopIteration):
                continue
            if int(ppid) == self.proc.pid and needle in cmdline:
                found.append(int(status.parent.name))
        return found


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the launcher's own session: everything it started
        proc.wait(timeout=5)


@pytest.fixture(scope="session")
def suite(tmp_path_factory) -> Iterator[Suite]:
    if os.environ.get("E2E_BASE_URL"):
        yield Suite(url=os.environ["E2E_BASE_URL"].rstrip("/"))
        return
    tmp = tmp_path_factory.mktemp("e2e-suite")
    port, sim_port = free_port(), free_port()
    env = {**os.environ, "PORT": str(port), "SIM_PORT": str(sim_port), "DATA_DIR": str(tmp / "data"),
           "SCENARIO": "live", "ADDRESS": "127.0.0.1", "PYTHONUNBUFFERED": "1"}
    for var in ("UPSTREAM_BASE_URL", "JINYUN_CONFIG"):
        env.pop(var, None)
    log = tmp / "launch.log"
    t0 = time.monotonic()
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "dashboards.launch"], cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    s = Suite(url=f"http://127.0.0.1:{port}", proc=proc, log=log, ports=(port, sim_port))
    try:
        deadline = t0 + START_BUDGET_S
        while not http_ok(f"{s.url}/_stcore/health"):
            if proc.poll() is not None:
                pytest.fail(f"dashboards.launch exited ({proc.returncode}) before the dashboards answered:\n"
                            f"{s.output()}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"the dashboards did not answer /_stcore/health in {START_BUDGET_S:.0f} s:\n"
                            f"{s.output()}", pytrace=False)
            time.sleep(0.5)
        s.started_s = time.monotonic() - t0
        yield s
    finally:
        _stop(proc)
    left = [p for p in s.ports if listening(p)]
    assert not left, f"ports still listening after the suite stopped: {left}\n{s.output()}"


# --- pages with a network guard --------------------------------------------------------------------------------


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or (parts.hostname or "") in LOCAL_HOSTS


@dataclass
class Guard:
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions of the page
    reported: bool = False

    @property
    def script_errors(self) -> list[str]:
        # Streamlit probes <page>/_stcore/health and host-config for a base path; their 404s are its own.
        return [e for e in self.errors if not e.startswith("Failed to load resource")]

    @property
    def outside(self) -> list[str]:
        return sorted({u for u in self.requests if not is_local(u)})

    def assert_local(self) -> None:
        self.reported = True
        assert not self.outside, f"requests left 127.0.0.1: {self.outside}"


@pytest.fixture
def net_guard() -> Guard:
    return Guard()


@pytest.fixture
def new_page(browser, suite, net_guard):
    """new_page(width, height) -> a Playwright page whose every request is recorded; outside ones are refused."""
    contexts = []

    def route(r):
        if is_local(r.request.url):
            r.continue_()
        else:
            r.abort()  # recorded by the request listener; never let a test wait on the internet

    def make(width: int = 1920, height: int = 1080):
        ctx = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai", has_touch=width < 1920)
        contexts.append(ctx)
        ctx.route("**/*", route)
        page = ctx.new_page()
        page.on("request", lambda req: net_guard.requests.append(req.url))
        page.on("websocket", lambda ws: net_guard.requests.append(ws.url))
        page.on("console", lambda m: net_guard.errors.append(m.text[:300]) if m.type == "error" else None)
        page.on("pageerror", lambda exc: net_guard.errors.append(f"uncaught: {exc}"[:300]))
        page.set_default_timeout(READY_BUDGET_S * 1000)
        return page

    yield make
    for ctx in contexts:
        ctx.close()
    if not net_guard.reported:
        net_guard.assert_local()
