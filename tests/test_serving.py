"""Serving tables: computed once per snapshot at publish from the cycle it copies, and bound only to what publish gives."""

import re

from data_access import queries
from data_access.warehouse import serving_params, serving_tables, utcnow


def test_serving_sql_binds_only_what_publish_provides():
    provided = set(serving_params(utcnow()))
    for table, select in serving_tables():
        assert set(re.findall(r"\$(\w+)", select)) <= provided, table
        assert select.startswith("-- "), f"{table}: the file starts with a header comment saying what it holds"


def test_every_serving_table_is_in_the_snapshot_and_agrees_with_its_sources(loaded):
    published = set(queries.reader().query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")["table_name"])
    assert {table for table, _ in serving_tables()} <= published
    counts = queries.reader().query("""
        SELECT (SELECT count(*) FROM alarm_board) AS board, (SELECT count(*) FROM alarms) AS alarms,
               (SELECT count(*) FROM body_hazard_inputs) AS bodies_served, (SELECT count(*) FROM bodies) AS bodies,
               (SELECT count(*) FROM emergency_kpi_rows) AS kpi_rows, (SELECT count(*) FROM townships) AS townships,
               (SELECT probes FROM emergency_kpi_rows WHERE township_code IS NULL) AS county_probes,
               (SELECT count(*) FROM probes) AS probes,
               (SELECT count(*) FROM feed_health) AS feeds, (SELECT count(DISTINCT source) FROM load_runs) AS sources
    """).iloc[0]
    assert counts.board == counts.alarms
    assert counts.bodies_served == counts.bodies > 0
    assert counts.kpi_rows == counts.townships + 1  # every township and the county
    assert counts.county_probes == counts.probes > 0
    assert counts.feeds == counts.sources > 0


def test_a_failing_serving_table_leaves_the_rest_of_the_snapshot_published(republish, monkeypatch, caplog):
    from data_access import warehouse

    real = warehouse.serving_tables()
    monkeypatch.setattr(warehouse, "serving_tables",
                        lambda: [*real[:2], ("broken_board", "SELECT no_such_column FROM alarms"), *real[2:]])
    before = queries.current_snapshot().snapshot_id
    republish()
    assert queries.current_snapshot().snapshot_id != before
    tables = set(queries.reader().query("SELECT table_name FROM information_schema.tables")["table_name"])
    assert "broken_board" not in tables and {t for t, _ in real} <= tables
    assert "serving table broken_board failed" in caplog.text
