"""The nearest-dispatch recommendation on a crafted fixture: order, split, reserves, flags."""

import pandas as pd
import pytest

from data_access import dispatch

DEST = (120.0, 28.6)


def wh(ident, km_east, quantity, min_quantity, committed=0):
    # 1° of longitude at 28.6°N is about 97.7 km: place each warehouse `km_east` km east of the destination.
    return {"warehouse_id": ident, "warehouse": f"仓库{ident}", "lon": DEST[0] + km_east / 97.7, "lat": DEST[1],
            "quantity": quantity, "min_quantity": min_quantity, "committed": committed}


def plan(rows, need):
    return dispatch.recommend(pd.DataFrame(rows), *DEST, need)


def test_great_circle_and_travel_time():
    assert dispatch.great_circle_km(120, 28, 120, 29) == pytest.approx(111.2, abs=0.2)
    assert dispatch.travel_minutes(0) == dispatch.LOADING_MIN
    assert dispatch.travel_minutes(30) == dispatch.LOADING_MIN + 60


def test_nearest_with_enough_stock_comes_first():
    p = plan([wh("far", 20, 500, 100), wh("near", 5, 300, 100), wh("mid", 10, 500, 100)], 150)
    assert list(p.legs["warehouse_id"]) == ["near"] and p.legs["take"].tolist() == [150]
    assert p.unmet == 0 and not p.flagged
    assert p.legs["distance_km"].iloc[0] == pytest.approx(5, abs=0.1)


def test_split_when_the_nearest_is_short():
    p = plan([wh("near", 5, 150, 100), wh("mid", 10, 500, 100), wh("far", 20, 500, 100)], 200)
    # near gives only its surplus above the minimum (50), mid the rest; far is not needed.
    assert p.legs[["warehouse_id", "take"]].values.tolist() == [["near", 50], ["mid", 150]]
    assert p.covered == 200 and p.unmet == 0 and not p.flagged


def test_committed_orders_reduce_what_is_free():
    p = plan([wh("near", 5, 300, 100, committed=180), wh("mid", 10, 500, 100)], 100)
    assert p.legs[["warehouse_id", "take"]].values.tolist() == [["near", 20], ["mid", 80]]


def test_below_minimum_is_skipped_while_another_can_supply():
    p = plan([wh("low", 1, 90, 100), wh("ok", 15, 400, 100)], 120)
    assert list(p.legs["warehouse_id"]) == ["ok"] and not p.flagged


def test_below_minimum_used_only_when_nothing_else_exists_and_flagged():
    p = plan([wh("low", 1, 90, 100)], 60)
    assert p.legs[["warehouse_id", "take"]].values.tolist() == [["low", 60]]
    assert p.flagged and bool(p.legs["below_min"].iloc[0]) and "低于最低库存" in p.legs["note"].iloc[0]


def test_reserves_drawn_nearest_first_and_unmet_reported():
    p = plan([wh("a", 2, 120, 100), wh("b", 8, 50, 100)], 300)
    legs = p.legs.set_index("warehouse_id")
    assert legs.loc["a", "take"] == 120 and legs.loc["b", "take"] == 50
    assert bool(legs.loc["a", "reserve"]) and bool(legs.loc["b", "reserve"])
    assert p.unmet == 130 and p.covered == 170


def test_empty_and_zero_need():
    assert plan([], 10).unmet == 10
    p = plan([wh("a", 2, 120, 100)], 0)
    assert p.legs.empty and p.unmet == 0
