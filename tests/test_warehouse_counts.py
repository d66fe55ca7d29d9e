"""After the first cycle the published warehouse holds exactly the registry figures of REFERENCE.md."""

import pytest

from data_access import queries


def scalar(sql: str, **params):
    return queries.reader().query(sql, params or None).iloc[0, 0]


FIGURES = [
    ("probes (探头)", "SELECT count(*) FROM probes", 10396),
    ("geohazard points", "SELECT count(*) FROM geohazard_points", 13),
    ("risk prevention zones", "SELECT count(*) FROM risk_zones", 230),
    ("reservoirs", "SELECT count(*) FROM reservoirs", 84),
    ("flash-flood key villages", "SELECT count(*) FROM villages WHERE flash_flood_key", 228),
    ("townships", "SELECT count(*) FROM townships", 18),
    ("warehouses", "SELECT count(*) FROM warehouses", 43),
    ("county-level warehouses", "SELECT count(*) FROM warehouses WHERE level = 'county'", 25),
    ("township warehouses, one per township",
     "SELECT count(DISTINCT township_code) FROM warehouses WHERE level = 'township'", 18),
    ("satellite phones", "SELECT sum(quantity) FROM village_kits WHERE item = '卫星电话'", 302),
    ("pumps", "SELECT sum(quantity) FROM village_kits WHERE item = '抽水泵'", 300),
    ("generators", "SELECT sum(quantity) FROM village_kits WHERE item = '应急发电机'", 630),
    ("four-small-item sets", "SELECT sum(quantity) FROM village_kits WHERE item = '四小件'", 3600),
    ("shelters", "SELECT count(*) FROM shelters", 136),
    ("supply categories", "SELECT count(*) FROM supply_categories", 58),
    ("geohazard patrollers", "SELECT count(*) FROM responsible_persons WHERE role = '地质灾害巡查员'", 181),
    ("reservoir patrollers", "SELECT count(*) FROM responsible_persons WHERE role = '山塘水库巡查员'", 455),
    ("flash-flood warners", "SELECT count(*) FROM responsible_persons WHERE role = '山洪灾害预警员'", 260),
    ("people in risk zones", "SELECT count(*) FROM transfer_persons", 10497),
    ("rescue teams", "SELECT count(*) FROM rescue_teams", 6),
    ("special command HQs", "SELECT count(*) FROM command_units WHERE tier = 'special'", 5),
    ("township command HQs", "SELECT count(*) FROM command_units WHERE tier = 'township'", 18),
    ("county command HQ", "SELECT count(*) FROM command_units WHERE tier = 'county'", 1),
    ("shared data items", "SELECT count(*) FROM shared_items", 30),
]


@pytest.mark.parametrize(("figure", "sql", "expected"), FIGURES, ids=[f[0] for f in FIGURES])
def test_registry_figure(loaded, figure, sql, expected):
    assert scalar(sql) == expected, figure


def test_supply_items_over_37_16_million(loaded):
    assert scalar("SELECT sum(quantity) FROM stock") > 37_160_000


def test_every_system_loaded_ok(loaded):
    runs = queries.reader().query("SELECT source, status FROM load_runs")
    from data_access.sources import SYSTEMS

    assert set(runs["source"]) == {s.key for s in SYSTEMS}
    assert set(runs["status"]) == {"ok"}, runs[runs["status"] != "ok"]
    assert scalar("SELECT count(*) FROM quarantine") == 0
