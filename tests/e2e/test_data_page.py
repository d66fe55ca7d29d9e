"""`make run`'s suite: the health endpoint answers and /data lists every upstream system as fresh."""

from __future__ import annotations

import urllib.request

import pytest

from data_access.sources import SYSTEMS
from tests.e2e.browser import assert_no_exception, wait_ready

pytestmark = pytest.mark.browser


def test_health_and_every_feed_fresh_on_the_data_page(suite, new_page):
    with urllib.request.urlopen(f"{suite.url}/_stcore/health", timeout=5) as resp:
        assert resp.read().decode().strip() == "ok"
    page = new_page(1920, 1080)
    page.goto(f"{suite.url}/data?kiosk=1")
    wait_ready(page)
    assert_no_exception(page)
    page.locator(".jy-tile").first.wait_for()

    def tile(label: str) -> str:
        return page.locator(".jy-tile", has_text=label).first.locator(".v").inner_text().strip()

    assert tile("上游系统") == str(len(SYSTEMS))
    assert tile("数据新鲜") == str(len(SYSTEMS)), "a feed is not fresh on /data"
    assert tile("数据过期") == "0"
