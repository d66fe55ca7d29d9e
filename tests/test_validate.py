"""Validation of upstream records: what is kept, what is quarantined and why, and that nothing doubles."""

from data_access.loaders.base import validate

COLUMNS = [("id", "VARCHAR", False), ("level_m", "DOUBLE", False), ("members", "INTEGER", True),
           ("active", "BOOLEAN", True), ("updated_at", "TIMESTAMP", False)]


def rec(i, **kw):
    return {"id": f"r{i}", "level_m": 1.5, "members": 3, "active": True,
            "updated_at": "2022-09-14T12:00:00+08:00", **kw}


def test_good_records_are_typed_and_in_beijing_time():
    v = validate([rec(1), rec(2, updated_at="2022-09-14T04:00:00Z")], COLUMNS, ("id",))
    assert v.rejected == []
    assert list(v.good["updated_at"].astype(str)) == ["2022-09-14 12:00:00"] * 2


def test_each_bad_record_is_quarantined_with_its_reason_and_the_good_ones_kept():
    items = [rec(1), {k: v for k, v in rec(2).items() if k != "level_m"}, rec(3, level_m="high"),
             rec(4, id=None), rec(5, members=2.5), rec(6, updated_at="yesterday"), "garbage",
             {**{k: v for k, v in rec(7).items() if k != "members"}, "member_count": 3}]
    v = validate(items, COLUMNS, ("id",))
    assert list(v.good["id"]) == ["r1"]
    reasons = sorted(r for r, _ in v.rejected)
    assert reasons == sorted([
        "missing field level_m", "level_m: not a valid DOUBLE", "id: required but null",
        "members: not a valid INTEGER", "updated_at: not a valid TIMESTAMP", "not a JSON object",
        "missing field members (unexpected member_count)",
    ])


def test_a_record_repeated_keeps_its_newest_version_once():
    items = [rec(1, level_m=2.0, updated_at="2022-09-14T12:05:00+08:00"), rec(1), rec(1)]
    v = validate(items, COLUMNS, ("id",))
    assert len(v.good) == 1 and v.good["level_m"].iloc[0] == 2.0
