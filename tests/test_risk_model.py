"""The 三高一低 model: AHP weights, monotonic in the hazard, ordered in the indicators, all four levels reachable."""

import numpy as np
import pandas as pd
import pytest

from data_access import risk_model as m


def body(value=5000.0, vuln=0.5, occ=300, fort=0.5, kind="school", **hazard) -> dict:
    return {"id": "B", "name": "测试", "kind": kind, "asset_value_wan": value, "vulnerability": vuln,
            "occupants": occ, "fortification": fort, **hazard}


def assess_one(**kw) -> pd.Series:
    return m.assess(pd.DataFrame([body(**kw)])).iloc[0]


def test_ahp_weights_sum_to_one_and_are_consistent():
    w = m.WEIGHTS
    assert sum(w.values) == pytest.approx(1.0)
    assert all(v > 0 for v in w.values)
    assert w.cr < m.MAX_CR
    # The judgement of the matrix: crowding > vulnerability > low fortification > value.
    d = w.as_dict()
    assert d["聚集度"] > d["脆弱度"] > d["设防能力"] > d["价值"]


def test_ahp_rejects_a_non_reciprocal_matrix_and_reports_inconsistency():
    with pytest.raises(ValueError):
        m.ahp_weights(((1, 2), (2, 1)))
    bad = m.ahp_weights(((1, 9, 1 / 9), (1 / 9, 1, 9), (9, 1 / 9, 1)))
    assert bad.cr > m.MAX_CR


def test_more_rain_or_higher_water_never_lowers_the_level():
    rng = np.random.default_rng(2212)
    bodies = pd.DataFrame([body(value=float(rng.uniform(5, 30000)), vuln=float(rng.uniform()),
                                occ=int(rng.integers(0, 5000)), fort=float(rng.uniform()),
                                rain_1h_mm=float(rng.uniform(0, 30)), rain_24h_mm=float(rng.uniform(0, 120)),
                                reservoir_over_m=float(rng.uniform(-2, 1)), typhoon_km=float(rng.uniform(50, 900)))
                           for _ in range(200)])
    bodies["id"] = [f"B{i}" for i in range(len(bodies))]
    base = m.assess(bodies).set_index("id")
    for column, step in (("rain_1h_mm", 15.0), ("rain_24h_mm", 60.0), ("reservoir_over_m", 0.8)):
        for k in (1, 2, 4):
            more = bodies.assign(**{column: bodies[column] + step * k})
            after = m.assess(more).set_index("id").loc[base.index]
            assert (after["dynamic_score"] >= base["dynamic_score"] - 1e-12).all(), column
            assert (after["level_rank"] <= base["level_rank"]).all(), column  # rank 1 = 高


def test_high_on_all_four_ranks_above_high_on_three():
    high = dict(value=25000.0, vuln=0.95, occ=4000, fort=0.05)
    for dropped, low in (("value", 10.0), ("vuln", 0.05), ("occ", 2), ("fort", 0.95)):
        three = {**high, dropped: low}
        for hazard in ({}, {"rain_24h_mm": 120.0}, {"typhoon_km": 100.0}):
            four_row, three_row = assess_one(**high, **hazard), assess_one(**three, **hazard)
            assert four_row["static_score"] > three_row["static_score"], dropped
            assert four_row["dynamic_score"] > three_row["dynamic_score"], dropped
            assert four_row["level_rank"] <= three_row["level_rank"], dropped
    both = m.assess(pd.DataFrame([{**body(**high), "id": "four"}, {**body(**{**high, "occ": 2}), "id": "three"}]))
    assert list(both["id"]) == ["four", "three"]  # sorted by risk


def test_all_four_levels_on_crafted_inputs():
    calm_small = assess_one(value=10.0, vuln=0.05, occ=0, fort=0.95)
    calm_big = assess_one(value=25000.0, vuln=0.9, occ=4000, fort=0.1)
    storm_mid = assess_one(value=3000.0, vuln=0.5, occ=300, fort=0.5, rain_24h_mm=90.0, typhoon_km=300.0)
    storm_big = assess_one(value=25000.0, vuln=0.9, occ=4000, fort=0.1, rain_1h_mm=60.0, reservoir_over_m=1.0,
                           alarm_level="红", typhoon_km=40.0)
    assert [calm_small["level"], calm_big["level"], storm_mid["level"], storm_big["level"]] == \
        ["低", "较低", "较高", "高"]
    assert storm_big["level_roman"] == "Ⅰ级" and calm_small["level_roman"] == "Ⅳ级"


def test_no_hazard_keeps_even_the_most_exposed_body_below_high():
    worst = assess_one(value=30000.0, vuln=1.0, occ=5000, fort=0.0)
    assert worst["hazard"] == 0 and worst["level"] == "较低" and worst["main_hazard"] == "无"


def test_hazard_factors_missing_values_mean_no_hazard():
    f = m.hazard_factors(pd.DataFrame({"rain_1h_mm": [None, 50.0], "alarm_level": [None, "橙"]}))
    assert f.loc[0].sum() == 0
    assert f.loc[1, "rain_1h"] == 1 and f.loc[1, "alarm"] == pytest.approx(0.8)


def test_measures_per_level():
    top = "；".join(m.measures("高", "school"))
    assert "转移" in top and "五停" in top and "五断" in top
    assert "停课" in "；".join(m.measures("较高", "school"))
    assert "停工" in "；".join(m.measures("较高", "construction_site"))
    assert m.measures("低") == ["常态巡查，保持值守"]
    assert m.level_of(float("nan")) == "低"


def test_method_text_names_weights_and_consistency():
    text = m.method_text()
    assert "AHP" in text and "CR" in text and "价值高" in text and "设防能力低" in text
    table = m.pairwise_table()
    assert list(table.index) == ["价值高", "脆弱度高", "聚集度高", "设防能力低"] and "权重" in table.columns
