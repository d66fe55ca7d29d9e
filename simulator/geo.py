"""County outline, fast point-in-polygon and local distances for placing and moving simulated objects."""

from __future__ import annotations

import json
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTLINE_PATH = ROOT / "assets" / "geo" / "jinyun_county_wgs84.geojson"
SEAT = (120.078, 28.658)  # 五云街道, county seat
_KX = math.cos(math.radians(SEAT[1])) * 111.32  # km per degree of longitude here
_KY = 110.57                                      # km per degree of latitude


def km_xy(lon: float, lat: float) -> tuple[float, float]:
    """Local plane coordinates in km from the county seat."""
    return (lon - SEAT[0]) * _KX, (lat - SEAT[1]) * _KY


def lonlat(x: float, y: float) -> tuple[float, float]:
    return SEAT[0] + x / _KX, SEAT[1] + y / _KY


def dist_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance (haversine), fine for typhoon distances too."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


class Outline:
    """The county polygon with a latitude-band index over its edges, so a point test touches few edges."""

    BAND = 0.004

    def __init__(self, path: Path = OUTLINE_PATH):
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        geom = doc["features"][0]["geometry"]
        ring = geom["coordinates"][0][0] if geom["type"] == "MultiPolygon" else geom["coordinates"][0]
        self.ring = [(float(x), float(y)) for x, y in ring]
        xs = [p[0] for p in self.ring]
        ys = [p[1] for p in self.ring]
        self.bbox = (min(xs), min(ys), max(xs), max(ys))
        self.y0 = self.bbox[1]
        nb = int((self.bbox[3] - self.y0) / self.BAND) + 2
        self.bands: list[list[tuple[float, float, float, float]]] = [[] for _ in range(nb)]
        n = len(self.ring)
        for i in range(n):
            (x1, y1), (x2, y2) = self.ring[i], self.ring[(i + 1) % n]
            if y1 == y2:
                continue
            lo, hi = min(y1, y2), max(y1, y2)
            for b in range(int((lo - self.y0) / self.BAND), int((hi - self.y0) / self.BAND) + 1):
                self.bands[b].append((x1, y1, x2, y2))

    def contains(self, lon: float, lat: float) -> bool:
        x0, y0, x1, y1 = self.bbox
        if not (x0 < lon < x1 and y0 < lat < y1):
            return False
        inside = False
        for ax, ay, bx, by in self.bands[int((lat - self.y0) / self.BAND)]:
            if (ay > lat) != (by > lat) and lon < ax + (lat - ay) * (bx - ax) / (by - ay):
                inside = not inside
        return inside
