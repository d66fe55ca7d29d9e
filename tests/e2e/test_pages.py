"""Every registered page at every screen size: loads in budget, no exception or script error, nothing leaves
127.0.0.1, fits."""

from __future__ import annotations

import pytest

from tests.e2e.browser import (
    READY_BUDGET_S,
    assert_no_exception,
    covered_by_header,
    overflowing_text,
    page_scroll,
    registered_pages,
    screenshot,
    small_touch_targets,
    wait_ready,
)

pytestmark = pytest.mark.browser

PAGES = registered_pages()
WALLS = [(1920, 1080), (3840, 2160)]
TABLETS = [(1180, 820), (820, 1180)]


@pytest.mark.parametrize("size", WALLS + TABLETS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.name)
def test_page_at_size(spec, size, suite, new_page, net_guard):
    width, height = size
    wall = size in WALLS
    page = new_page(width, height)
    page.goto(suite.url + spec.path + ("?kiosk=1" if wall else ""))
    took = wait_ready(page)
    page.wait_for_timeout(500)  # let charts and maps take their final size
    shot = screenshot(page, f"{spec.name}-{width}x{height}")
    assert_no_exception(page)
    assert took < READY_BUDGET_S
    net_guard.assert_local()
    assert not net_guard.script_errors, f"script errors on {spec.path} at {width}×{height}: {net_guard.script_errors}"
    clipped = overflowing_text(page)
    assert not clipped, f"clipped text on {spec.path} at {width}×{height} ({shot}): {clipped}"
    over_x, over_y = page_scroll(page)
    if wall:
        assert over_y <= 0, f"{spec.path} scrolls {over_y} px vertically on the {width}×{height} wall ({shot})"
        assert over_x <= 0, f"{spec.path} scrolls {over_x} px horizontally on the {width}×{height} wall ({shot})"
    else:
        assert over_x <= 0, f"{spec.path} scrolls {over_x} px horizontally on a {width}×{height} tablet ({shot})"
        hidden = covered_by_header(page)
        assert hidden <= 0, f"the header covers {hidden} px of the page top on a {width}×{height} tablet ({shot})"
        small = small_touch_targets(page)
        assert not small, f"touch targets under 44 px on a {width}×{height} tablet ({shot}): {small}"

