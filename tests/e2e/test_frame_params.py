"""The URL parameters of the wall-screen frame, parsed without a browser."""

from __future__ import annotations

import pytest

from dashboards.components import frame


@pytest.mark.parametrize(("text", "seconds"), [
    ("90s", 90), ("30m", 1800), ("6h", 21600), ("1d", 86400), ("120", 120), (" 1.5h ", 5400), ("6H", 21600),
])
def test_durations(text, seconds):
    assert frame.parse_duration(text) == seconds


@pytest.mark.parametrize("text", [None, "", "soon", "6x", "-5m", "0", "0s", "h", "6 hours"])
def test_bad_durations_are_none(text):
    assert frame.parse_duration(text) is None


def test_next_page_wraps_and_starts_from_the_first_when_off_the_playlist():
    playlist = [("emergency", "/a/emergency.py"), ("supplies", "/a/supplies.py"), ("ceremony", "/a/ceremony.py")]
    assert frame._next_page(playlist, "/a/emergency.py")[0] == "supplies"
    assert frame._next_page(playlist, "/a/ceremony.py")[0] == "emergency"
    assert frame._next_page(playlist, "/a/data.py")[0] == "emergency"
