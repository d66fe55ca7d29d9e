"""Soak script (not a test): N viewers in real browsers refresh the screens for a while; reports memory over time.

    .venv/bin/python -m bench.soak --viewers 20 --minutes 30 --refresh 10

It starts the whole suite (simulator, loaders, dashboards) on its own ports and data directory,
opens N Chromium pages spread over the screens, reloads each every --refresh seconds (a new
Streamlit session each time, the harshest case for session clean-up), and every --sample seconds
prints the dashboards server's RSS and CPU, the loader's RSS, and the pages' mean JS heap. At the
end it prints the memory growth after warm-up (target: under 10 %) and writes bench/soak.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["emergency", "supplies", "ceremony", "risk", "data"]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--enable-precise-memory-info"]
TICK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_tree(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout.split()
    kids = [int(p) for p in out]
    return [pid] + [g for k in kids for g in proc_tree(k)]


def find_child(root: int, needle: str) -> int | None:
    for pid in proc_tree(root):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if needle in cmd:
            return pid
    return None


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def wait_health(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"soak: {url} did not answer in {seconds:.0f} s")


async def _viewer(page, url: str, refresh: float, offset: float, stop: asyncio.Event, failures: list) -> None:
    """One viewer: open a screen, then reload it every `refresh` seconds (a new Streamlit session each time)."""
    await asyncio.sleep(offset)
    while not stop.is_set():
        try:
            await page.goto(url, wait_until="domcontentloaded", timeout=60_000)
        except Exception as exc:  # noqa: BLE001 - a slow reload is counted, the soak goes on
            failures.append(type(exc).__name__)
        try:
            await asyncio.wait_for(stop.wait(), refresh)
        except TimeoutError:
            pass


async def _heap_mb(page) -> float | None:
    try:
        return await asyncio.wait_for(page.evaluate("performance.memory.usedJSHeapSize"), 5) / 2**20
    except Exception:  # noqa: BLE001 - the page is mid-reload: no figure this time
        return None


async def _soak(args, base: str, suite_pid: int, samples: list[dict]) -> None:
    from playwright.async_api import async_playwright

    server = find_child(suite_pid, "streamlit run")
    loader = find_child(suite_pid, "data_access.scheduler")
    stop, failures = asyncio.Event(), []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport={"width": 1920, "height": 1080})
        pages = [await context.new_page() for _ in range(args.viewers)]
        viewers = [asyncio.create_task(_viewer(page, f"{base}/{PAGES[i % len(PAGES)]}?kiosk=1", args.refresh,
                                               args.refresh * i / args.viewers, stop, failures))
                   for i, page in enumerate(pages)]
        start = time.monotonic()
        last_cpu, last_t = cpu_seconds(server), start
        print(f"{'min':>6} {'server MB':>10} {'server CPU%':>12} {'loader MB':>10} {'JS heap MB':>11} {'failed':>7}",
              flush=True)
        while time.monotonic() - start < args.minutes * 60:
            heaps = [h for h in [await _heap_mb(page) for page in pages[:5]] if h is not None]
            cpu, t = cpu_seconds(server), time.monotonic()
            s = {"minute": round((t - start) / 60, 2), "server_rss_mb": round(rss_mb(server), 1),
                 "server_cpu_pct": round(100 * (cpu - last_cpu) / max(1e-6, t - last_t), 1),
                 "loader_rss_mb": round(rss_mb(loader), 1) if loader else None,
                 "js_heap_mb": round(sum(heaps) / len(heaps), 1) if heaps else None, "failed_loads": len(failures)}
            last_cpu, last_t = cpu, t
            samples.append(s)
            print(f"{s['minute']:>6} {s['server_rss_mb']:>10} {s['server_cpu_pct']:>12} {s['loader_rss_mb']!s:>10} "
                  f"{s['js_heap_mb']!s:>11} {s['failed_loads']:>7}", flush=True)
            await asyncio.sleep(args.sample)
        stop.set()
        await asyncio.gather(*viewers)
        await browser.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--viewers", type=int, default=20)
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--refresh", type=float, default=10, help="seconds between a viewer's reloads")
    ap.add_argument("--sample", type=float, default=30, help="seconds between measurements")
    ap.add_argument("--warmup", type=float, default=5, help="minutes excluded from the growth figure")
    ap.add_argument("--scenario", default="live")
    args = ap.parse_args()

    port, sim_port = free_port(), free_port()
    data_dir = tempfile.mkdtemp(prefix="jinyun-soak-")
    env = {**os.environ, "PORT": str(port), "SIM_PORT": str(sim_port), "DATA_DIR": data_dir,
           "SCENARIO": args.scenario}
    suite = subprocess.Popen([sys.executable, "-m", "dashboards.launch"], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples: list[dict] = []
    try:
        wait_health(f"http://127.0.0.1:{port}/_stcore/health", 240)
        asyncio.run(_soak(args, f"http://127.0.0.1:{port}", suite.pid, samples))
    finally:
        suite.send_signal(signal.SIGTERM)
        try:
            suite.wait(30)
        except subprocess.TimeoutExpired:
            suite.kill()
    after = [s for s in samples if s["minute"] >= args.warmup]
    if len(after) >= 2:
        first = after[0]["server_rss_mb"]
        last = sum(s["server_rss_mb"] for s in after[-3:]) / len(after[-3:])
        growth = 100 * (last - first) / first
        print(f"\nserver RSS after warm-up: {first:.0f} MB -> {last:.0f} MB ({growth:+.1f} %); "
              f"{args.viewers} viewers, {args.minutes:g} min, reload every {args.refresh:g} s")
    else:
        growth = None
        print("\nrun longer than the warm-up to get a growth figure")
    out = ROOT / "bench" / "soak.json"
    out.write_text(json.dumps({"viewers": args.viewers, "minutes": args.minutes, "refresh_s": args.refresh,
                               "growth_pct_after_warmup": growth, "samples": samples}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
