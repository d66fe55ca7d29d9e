"""Nearest-warehouse dispatch recommendation (pure): which warehouses should send how much of one item to a place.

Distance is the great-circle (straight-line) distance, shown as 直线距离: the project has no road network, so it
does not pretend to know road distance. Travel time divides that distance by EFFECTIVE_SPEED_KMH, an assumed
speed over the straight line that absorbs winding county and mountain roads (roads run about 1.3× the straight
line at 40 km/h for a loaded truck, so about 30 km/h over the straight line), plus LOADING_MIN to load.

Rules, in order:
1. Warehouses whose stock is at or below their minimum level are skipped, and a healthy warehouse only gives its
   surplus above the minimum, so a dispatch never empties a reserve while another store could supply.
2. Warehouses are taken nearest first; when the nearest is short the need is split across the next ones.
3. Only when the surpluses cannot cover the need are reserves drawn on (nearest first, including warehouses
   below their minimum), and every such leg is flagged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

EARTH_RADIUS_KM = 6371.0088
EFFECTIVE_SPEED_KMH = 30.0
LOADING_MIN = 10
DISTANCE_LABEL = "直线距离"
LEG_COLUMNS = ["warehouse_id", "warehouse", "distance_km", "minutes", "available", "take", "reserve", "below_min",
               "note"]


def great_circle_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Haversine distance in km between two WGS84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def travel_minutes(distance_km: float) -> int:
    """Estimated minutes from order to arrival over `distance_km` of straight line (see the module docstring)."""
    return int(round(LOADING_MIN + distance_km / EFFECTIVE_SPEED_KMH * 60))


@dataclass
class Plan:
    """The legs of a recommendation (LEG_COLUMNS), the quantity nobody can supply, and whether reserves are used."""

    need: int
    legs: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LEG_COLUMNS))
    unmet: int = 0

    @property
    def flagged(self) -> bool:
        return bool(self.legs["reserve"].any()) if not self.legs.empty else False

    @property
    def covered(self) -> int:
        return int(self.legs["take"].sum()) if not self.legs.empty else 0


def rank(candidates: pd.DataFrame, lon: float, lat: float) -> pd.DataFrame:
    """Candidates (warehouse_id, warehouse, lon, lat, quantity, min_quantity[, committed]) nearest first, with
    distance_km, minutes, free (stock not yet promised to an undelivered order) and surplus above the minimum."""
    out = candidates.copy()
    committed = out["committed"] if "committed" in out else 0
    out["free"] = (out["quantity"] - committed).clip(lower=0).astype(int)
    out["surplus"] = (out["free"] - out["min_quantity"]).clip(lower=0).astype(int)
    out["below_min"] = out["free"] <= out["min_quantity"]
    out["distance_km"] = [great_circle_km(x, y, lon, lat) for x, y in zip(out["lon"], out["lat"], strict=True)]
    out["minutes"] = out["distance_km"].map(travel_minutes)
    return out.sort_values(["distance_km", "warehouse_id"]).reset_index(drop=True)


def recommend(candidates: pd.DataFrame, lon: float, lat: float, need: int) -> Plan:
    """Which warehouses send how much of one item to (lon, lat); see the module docstring for the rules."""
    need = int(need)
    if need <= 0 or candidates.empty:
        return Plan(need=max(need, 0), unmet=max(need, 0))
    ranked = rank(candidates, lon, lat)
    legs: dict[str, dict] = {}
    left = need
    for r in ranked.itertuples():
        if left <= 0:
            break
        if r.below_min or r.surplus <= 0:
            continue
        take = min(left, int(r.surplus))
        legs[r.warehouse_id] = _leg(r, take, reserve=False)
        left -= take
    if left > 0:  # nothing else exists: draw on reserves, nearest first, and say so
        for r in ranked.itertuples():
            if left <= 0:
                break
            already = legs[r.warehouse_id]["take"] if r.warehouse_id in legs else 0
            spare = int(r.free) - already
            if spare <= 0:
                continue
            take = min(left, spare)
            leg = _leg(r, already + take, reserve=True)
            leg["note"] = "低于最低库存，动用储备" if r.below_min else "动用最低储备"
            legs[r.warehouse_id] = leg
            left -= take
    frame = pd.DataFrame(list(legs.values()), columns=LEG_COLUMNS)
    frame = frame.sort_values(["distance_km", "warehouse_id"]).reset_index(drop=True)
    return Plan(need=need, legs=frame, unmet=max(0, left))


def _leg(r, take: int, reserve: bool) -> dict:
    return {"warehouse_id": r.warehouse_id, "warehouse": r.warehouse, "distance_km": round(float(r.distance_km), 1),
            "minutes": int(r.minutes), "available": int(r.free), "take": int(take), "reserve": reserve,
            "below_min": bool(r.below_min), "note": "最近有余量" if not reserve else ""}
