"""The ceremony's warning rules, projection and closed-loop figures, on hand-made frames (pure functions)."""

from datetime import datetime, timedelta

import pandas as pd
import pytest

from data_access import ceremony_rules as r

NOW = datetime(2026, 4, 5, 9, 40)


def zones(*densities, area=1000.0):
    return pd.DataFrame([{"zone_id": f"EF0{i + 1}", "name": f"区{i + 1}", "is_main": i == 0, "observed_at": NOW,
                          "headcount": int(d * area), "inflow": 10, "outflow": 5, "density": d}
                         for i, d in enumerate(densities)])


def trend(zone_id, values, end=NOW):
    return pd.DataFrame([{"zone_id": zone_id, "name": zone_id, "is_main": True,
                          "observed_at": end - timedelta(minutes=len(values) - 1 - i), "density": v}
                         for i, v in enumerate(values)])


NO_PROJECTION = r.project_density(pd.DataFrame())


def test_rules_are_configuration_with_chinese_explanations():
    assert r.RULES["density_orange"].params["threshold"] == 3.57
    assert r.RULES["density_red"].params["threshold"] == 5.55
    for rule in r.RULES.values():
        assert rule.explanation and any("\u4e00" <= ch <= "\u9fff" for ch in rule.explanation)
        assert rule.level in r.LEVEL_RANK and rule.deadline_min > 0


@pytest.mark.parametrize(("density", "level"), [(3.56, None), (3.57, "橙"), (5.54, "橙"), (5.55, "红"), (7.2, "红")])
def test_density_thresholds(density, level):
    assert r.density_level(density) == level
    found = r.density_warnings(zones(density), NO_PROJECTION, NOW)
    assert [w["level"] for w in found] == ([level] if level else [])


def test_projection_extends_the_trend_and_is_labelled():
    t = trend("EF01", [3.0 + 0.03 * i for i in range(11)])  # +0.03 per minute, 3.30 now
    p = r.project_density(t).iloc[0]
    assert p["slope_per_min"] == pytest.approx(0.03)
    assert p["projected_density"] == pytest.approx(3.30 + 0.45)
    assert p["projected_at"] == pd.Timestamp(NOW) + pd.Timedelta(minutes=15)
    found = r.density_warnings(zones(3.30), r.project_density(t), NOW)
    assert len(found) == 1 and found[0]["projected"] and found[0]["rule"] == "density_projected"
    assert "预测" in found[0]["detail"]


def test_projection_never_negative_and_flat_single_point():
    assert r.project_density(trend("EF01", [2.0 - 0.3 * i for i in range(6)])).iloc[0]["projected_density"] == 0.0
    assert r.project_density(trend("EF01", [1.5])).iloc[0]["projected_density"] == 1.5


def test_measured_orange_supersedes_projection():
    t = trend("EF01", [3.5 + 0.1 * i for i in range(5)])
    found = r.density_warnings(zones(3.9), r.project_density(t), NOW)
    assert [w["rule"] for w in found] == ["density_orange"]


def posts(planned, required, got, missing=None):
    return pd.DataFrame([{"id": "DP05", "post": "交通疏导", "department": "交通运输局", "location": "G330",
                          "planned_at": planned, "staff_required": required, "staff_checked_in": got,
                          "missing_names": missing}])


def test_unstaffed_post_only_past_its_time_and_grace():
    assert r.post_warnings(posts(NOW - timedelta(minutes=3), 4, 3, "张三"), NOW) == []
    late = r.post_warnings(posts(NOW - timedelta(minutes=30), 4, 3, "张三"), NOW)
    assert len(late) == 1 and late[0]["department"] == "交通运输局" and "张三" in late[0]["detail"]
    assert r.post_warnings(posts(NOW - timedelta(minutes=30), 4, 4), NOW) == []


def buckets(negatives):
    start = NOW - timedelta(minutes=10 * len(negatives))
    return pd.DataFrame([{"bucket": start + timedelta(minutes=10 * i), "total": n + 5, "positive": 5, "neutral": 0,
                          "negative": n} for i, n in enumerate(negatives)])


def test_negative_opinion_spike():
    assert r.opinion_spike(buckets([1, 2, 1, 2]), NOW) == []
    assert r.opinion_spike(buckets([1, 1, 1, 4]), NOW) == []  # under the minimum count
    spike = r.opinion_spike(buckets([1, 2, 1, 9]), NOW)
    assert len(spike) == 1 and spike[0]["level"] == "橙"
    assert r.opinion_spike(buckets([8, 9, 8, 9]), NOW) == []  # high but steady is not a spike


def stages(actual_start_2, actual_end_1=NOW - timedelta(minutes=20)):
    base = NOW - timedelta(minutes=30)
    return pd.DataFrame([
        {"id": "ST01", "seq": 1, "name": "入场", "planned_start": base, "planned_end": base + timedelta(minutes=20),
         "actual_start": base, "actual_end": actual_end_1},
        {"id": "ST02", "seq": 2, "name": "肃立雅乐", "planned_start": base + timedelta(minutes=20),
         "planned_end": base + timedelta(minutes=30), "actual_start": actual_start_2, "actual_end": pd.NaT},
    ])


def test_stage_late_beyond_tolerance():
    on_time = stages(NOW - timedelta(minutes=8))  # planned 09:30, started 09:32
    assert r.stage_warnings(on_time, NOW) == []
    assert r.current_stage(on_time, NOW)["name"] == "肃立雅乐"
    late = stages(NOW - timedelta(minutes=2))  # started 8 minutes late
    found = r.stage_warnings(late, NOW)
    assert len(found) == 1 and "8" in found[0]["title"]
    not_started = stages(pd.NaT, actual_end_1=pd.NaT)  # stage 1 still running, 10 minutes over its end
    assert r.current_stage(not_started, NOW)["name"] == "入场"


def test_evaluate_orders_by_severity_and_ids_are_stable():
    args = (zones(5.6, 3.6), NO_PROJECTION, posts(NOW - timedelta(hours=1), 4, 2, "甲、乙"), buckets([1]),
            stages(NOW - timedelta(minutes=8)))
    first, again = r.evaluate(NOW, *args), r.evaluate(NOW + timedelta(seconds=10), *args)
    assert list(first["level"]) == ["红", "橙", "黄"]
    assert list(first["id"]) == list(again["id"])


def test_command_key_and_payload():
    w = r.density_warnings(zones(3.9), NO_PROJECTION, NOW)[0]
    assert r.command_key(w["id"], "task", "zhang") == r.command_key(w["id"], "task", "zhang")
    assert r.command_key(w["id"], "task", "zhang") != r.command_key(w["id"], "warning", "zhang")
    payload = r.command_payload(w, "task")
    assert payload["department"] == "公安局" and payload["assignee"] and payload["source_ref"] == w["id"]
    assert payload["deadline"] == (NOW + timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M:%S+08:00")


def test_task_summary():
    t0 = NOW - timedelta(hours=1)
    tasks = pd.DataFrame([
        {"stage": "评价反馈", "created_at": t0, "closed_at": t0 + timedelta(minutes=20), "deadline": NOW},
        {"stage": "评价反馈", "created_at": t0, "closed_at": t0 + timedelta(minutes=40), "deadline": NOW},
        {"stage": "协同处置", "created_at": t0, "closed_at": pd.NaT, "deadline": NOW - timedelta(minutes=1)},
        {"stage": "任务生成", "created_at": t0, "closed_at": pd.NaT, "deadline": NOW + timedelta(minutes=30)},
    ])
    assert r.task_summary(tasks, NOW) == {"open": 2, "closed": 2, "overdue": 1, "mean_close_min": 30.0}
    assert r.task_summary(tasks.iloc[0:0], NOW)["mean_close_min"] is None
