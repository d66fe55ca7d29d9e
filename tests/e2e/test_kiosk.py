"""Wall-screen behaviour from the URL: kiosk hides every control, rotation plays pages, reload, reconnection."""

from __future__ import annotations

import os
import signal
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.browser import assert_no_exception, screenshot, wait_ready

pytestmark = pytest.mark.browser

CHROME = ["stSidebar", "stSidebarCollapsedControl", "stExpandSidebarButton", "stSidebarCollapseButton", "stHeader",
          "stToolbar", "stToolbarActions", "stMainMenu", "stMainMenuButton", "stAppDeployButton", "stStatusWidget",
          "stConnectionStatus", "stStatusWidgetRunningIcon", "stDecoration"]


WALL_CONTROLS = ["stSelectbox", "stCheckbox", "stToggle", "stButtonGroup", "stDeckGlJsonChartZoomButton"]


def visible_chrome(page, ids: list[str] = CHROME) -> list[str]:
    return page.evaluate(
        """(ids) => ids.filter(id => [...document.querySelectorAll(`[data-testid="${id}"]`)]
                                      .some(e => e.getClientRects().length > 0))""", ids)


def test_kiosk_hides_every_control(suite, new_page):
    page = new_page(1920, 1080)
    page.goto(f"{suite.url}/data")
    wait_ready(page)
    assert "stSidebar" in visible_chrome(page) or "stExpandSidebarButton" in visible_chrome(page), \
        "without kiosk the navigation should be reachable"
    page.goto(f"{suite.url}/data?kiosk=1")
    wait_ready(page)
    assert_no_exception(page)
    # Also while a rerun is in flight: the running indicator must not flash on the wall.
    for _ in range(10):
        assert visible_chrome(page) == [], f"kiosk shows controls: {visible_chrome(page)}"
        page.wait_for_timeout(300)
    screenshot(page, "kiosk-data-1920x1080")
    # The wall's main view: no filter, layer switch or map zoom button either.
    page.goto(f"{suite.url}/emergency?kiosk=1")
    wait_ready(page)
    page.locator("[data-testid='stDeckGlJsonChart'] canvas").first.wait_for()
    shown = visible_chrome(page, CHROME + WALL_CONTROLS)
    assert shown == [], f"kiosk shows controls on /emergency: {shown}"


def test_rotation_keeps_query_and_reaches_next_page(suite, new_page):
    page = new_page(1920, 1080)
    page.goto(f"{suite.url}/data?kiosk=1&rotate=5&pages=data,emergency")
    wait_ready(page)
    page.wait_for_url(lambda url: urlsplit(url).path.rstrip("/").endswith("/emergency"), timeout=15_000)
    query = parse_qs(urlsplit(page.url).query)
    assert query.get("kiosk") == ["1"] and query.get("rotate") == ["5"], page.url
    assert query.get("pages") == ["data,emergency"], page.url
    wait_ready(page)
    assert_no_exception(page)
    assert visible_chrome(page) == [], "kiosk lost after a rotation switch"


def guard_config(page):
    return page.evaluate("() => window.__jyGuard ? window.__jyGuard.cfg : null")


@pytest.mark.parametrize(("value", "ms"), [("90s", 90_000), ("30m", 1_800_000), ("6h", 21_600_000), ("2", 10_000)])
def test_reload_parameter_parses(suite, new_page, value, ms):
    page = new_page(1180, 820)
    page.goto(f"{suite.url}/?reload={value}")
    wait_ready(page)
    page.wait_for_function("() => !!window.__jyGuard")
    assert guard_config(page)["reloadMs"] == ms


def test_bad_reload_is_ignored_and_kiosk_alone_only_watches(suite, new_page):
    page = new_page(1180, 820)
    page.goto(f"{suite.url}/?reload=soon")
    wait_ready(page)
    page.wait_for_timeout(500)
    assert guard_config(page) is None
    assert_no_exception(page)
    page.goto(f"{suite.url}/?kiosk=1")
    wait_ready(page)
    page.wait_for_function("() => !!window.__jyGuard")
    assert guard_config(page)["reloadMs"] == 0 and guard_config(page)["watchdogMs"] == 60_000


def test_scheduled_reload_reloads_the_page(suite, new_page):
    page = new_page(1180, 820)
    page.goto(f"{suite.url}/data?kiosk=1&reload=10s")
    wait_ready(page)
    page.evaluate("() => { window.__jyBeforeReload = true; }")
    page.wait_for_function("() => !window.__jyBeforeReload", timeout=25_000)
    wait_ready(page)
    assert "reload=10s" in page.url and "kiosk=1" in page.url


def test_screen_recovers_after_the_dashboards_restart(suite, new_page):
    """Streamlit's own reconnect: the launcher restarts a dead Streamlit, the open screen comes back by itself."""
    if suite.proc is None:
        pytest.skip("needs the suite launched by the tests (E2E_BASE_URL is set)")
    page = new_page(1920, 1080)
    page.goto(f"{suite.url}/data?kiosk=1")
    wait_ready(page)
    pids = suite.children("streamlit")
    assert len(pids) == 1, f"expected one streamlit process under the launcher, found {pids}"
    os.kill(pids[0], signal.SIGTERM)
    page.wait_for_selector("[data-testid='stConnectionStatus']", state="attached", timeout=15_000)
    t0 = time.monotonic()
    page.wait_for_selector("[data-testid='stConnectionStatus']", state="detached", timeout=45_000)
    wait_ready(page, 30)
    assert_no_exception(page)
    assert page.locator(".jy-title").count() == 1
    print(f"reconnected {time.monotonic() - t0:.1f} s after the disconnect was shown")
