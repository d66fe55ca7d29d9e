"""Map building blocks: a pydeck Deck that makes no request outside the hall, and the county outline.

`map_provider=None` without a `map_style` draws only our layers, with zero outside requests. A
basemap is added only when BASEMAP_URL names an XYZ tile server reachable from the hall
(`http://gis.hall/tiles/{z}/{x}/{y}.png`): deck.gl's JSON TileLayer cannot draw raster tiles (it
takes them for GeoJSON), so the tiles become a raster style for the base map that Streamlit draws
under the layers, handed over inline as a data: URL, so that nothing but the tiles is fetched.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

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


def basemap_style() -> str | None:
    """The base map's style (a data: URL) for the XYZ tiles in BASEMAP_URL, or None: no base map."""
    url = os.environ.get("BASEMAP_URL", "").strip()
    if not url:
        return None
    style = {"version": 8, "sources": {"basemap": {"type": "raster", "tiles": [url], "tileSize": 256}},
             "layers": [{"id": "basemap", "type": "raster", "source": "basemap", "paint": {"raster-opacity": 0.6}}]}
    return "data:application/json," + quote(json.dumps(style, separators=(",", ":")))


def deck(layers: list[pdk.Layer], lon: float = CENTER[0], lat: float = CENTER[1], zoom: float = 9.4,
         tooltip: dict | bool | None = None) -> pdk.Deck:
    view = pdk.ViewState(longitude=lon, latitude=lat, zoom=zoom, pitch=0, bearing=0)
    style = basemap_style()
    # Never map_style=None: without a style Streamlit draws its default basemap from the internet.
    return pdk.Deck(
        layers=[outline_layer(), *layers], initial_view_state=view, map_provider=None,
        tooltip=tooltip if tooltip is not None else True, **({"map_style": style} if style else {}),
    )
