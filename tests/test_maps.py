"""Maps make no request outside the hall unless a basemap is configured, and then only for its tiles."""

import json
from urllib.parse import unquote

from dashboards.components.maps import deck


def _spec(monkeypatch, basemap: str | None) -> dict:
    if basemap is None:
        monkeypatch.delenv("BASEMAP_URL", raising=False)
    else:
        monkeypatch.setenv("BASEMAP_URL", basemap)
    return json.loads(deck([]).to_json())


def test_no_basemap_by_default(monkeypatch):
    spec = _spec(monkeypatch, None)
    # A spec without mapStyle makes Streamlit fetch its default basemap from the internet: pydeck's placeholder
    # must stay (the browser tests check that nothing is fetched).
    assert spec.get("mapStyle") and "://" not in spec["mapStyle"] and not spec.get("mapProvider")
    assert [la["id"] for la in spec["layers"]] == ["county"]


def test_configured_xyz_tiles_become_an_inline_raster_style(monkeypatch):
    tiles = "http://gis.hall.local/tiles/{z}/{x}/{y}.png"
    spec = _spec(monkeypatch, tiles)
    assert spec["mapStyle"].startswith("data:application/json,")
    style = json.loads(unquote(spec["mapStyle"].split(",", 1)[1]))
    assert style["sources"]["basemap"] == {"type": "raster", "tiles": [tiles], "tileSize": 256}
    assert [la["type"] for la in style["layers"]] == ["raster"]
    # The tiles are the only address in the style: no glyphs, sprites or other hosts.
    assert "glyphs" not in style and "sprite" not in style
