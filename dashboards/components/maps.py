"""Map building blocks: a pydeck Deck that makes no request outside the hall, and the county outline.

`map_provider=None` without a `map_style` draws only our layers, with zero outside requests. A
basemap is added only when BASEMAP_URL names an XYZ tile server reachable from the hall.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import pydeck as pdk

from dashboards.components.theme import rgba

GEO = Path(__file__).resolve().parents[2] / "assets" / "geo" / "jinyun_county_wgs84.geojson"
CENTER = (120.13, 28.68)  # lon, lat: the county's middle


@lru_cache(maxsize=1)
def county_outline() -> dict:
    return json.loads(GEO.read_text(encoding="utf-8"))


def outline_layer() -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer", county_outline(), id="county", stroked=True, filled=True,
        get_fill_color=[47, 155, 255, 18], get_line_color=rgba("#64D2FF", 220), line_width_min_pixels=2,
        pickable=False,
    )


def basemap_layers() -> list[pdk.Layer]:
    url = os.environ.get("BASEMAP_URL", "").strip()
    if not url:
        return []
    return [pdk.Layer("TileLayer", data=url, id="basemap", min_zoom=0, max_zoom=18, tile_size=256, opacity=0.6)]


def deck(layers: list[pdk.Layer], lon: float = CENTER[0], lat: float = CENTER[1], zoom: float = 9.4,
         tooltip: dict | bool | None = None) -> pdk.Deck:
    view = pdk.ViewState(longitude=lon, latitude=lat, zoom=zoom, pitch=0, bearing=0)
    return pdk.Deck(
        layers=[*basemap_layers(), outline_layer(), *layers],
        initial_view_state=view, map_provider=None, tooltip=tooltip if tooltip is not None else True,
    )
