"""/emergency on the wall: the map canvas is drawn, with the page fitting and nothing leaving 127.0.0.1."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.e2e.browser import assert_no_exception, page_scroll, wait_ready

pytestmark = pytest.mark.browser


def test_map_canvas_drawn_on_the_wall(suite, new_page, net_guard):
    page = new_page(1920, 1080)
    page.goto(f"{suite.url}/emergency?kiosk=1")
    wait_ready(page)
    assert_no_exception(page)
    canvas = page.locator("[data-testid='stDeckGlJsonChart'] canvas").first
    canvas.wait_for(timeout=20_000)
    box = canvas.bounding_box()
    assert box and box["width"] > 400 and box["height"] > 300, box
    # deck.gl has drawn something: the canvas is not one flat colour.
    page.wait_for_timeout(1500)
    image = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50, f"the map canvas shows {len(colours)} colours: nothing drawn"
    assert page_scroll(page)[1] <= 0
    net_guard.assert_local()
