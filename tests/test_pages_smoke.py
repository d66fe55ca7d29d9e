"""Every page the router registers runs in AppTest on a loaded warehouse without an exception."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages import APP, registered_pages

PAGES = registered_pages()


def test_router_registers_every_screen_of_the_design():
    paths = {p["url_path"] for p in PAGES}
    assert {"ceremony", "emergency", "supplies", "risk", "data"} <= paths


@pytest.mark.parametrize("page", PAGES, ids=[p["url_path"] or "home" for p in PAGES])
def test_page_runs_without_exception(loaded, page):
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page(page["file"]).run()
    assert not at.exception, [e.value for e in at.exception]
    # A panel that caught an error shows a warning naming itself; a healthy warehouse shows none.
    failed = [w.value for w in at.warning if "暂时无法读取" in str(w.value)]
    assert not failed, failed
