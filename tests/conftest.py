"""Shared fixtures: a real simulator on loopback, real DuckDB files in a temporary data directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests

from data_access import config, queries
from data_access.loaders.client import UpstreamClient
from data_access.scheduler import Scheduler
from data_access.warehouse import Ingest, Reader
from simulator import server as sim_server

ROOT = Path(__file__).resolve().parent.parent


def settings_for(sim, data_dir: Path, scenario: str = "live") -> config.Settings:
    return config.load({
        "DATA_DIR": str(data_dir), "UPSTREAM_BASE_URL": f"{sim.url}/api", "SCENARIO": scenario,
        "UPSTREAM_TOKEN": config.DEFAULT_TOKEN,
    })


def fast_client(settings: config.Settings) -> UpstreamClient:
    """The production client with short waits, so fault tests do not sit out real backoff."""
    return UpstreamClient(settings, session=requests.Session(), timeout=(1.0, 2.0), retries=2, backoff_s=0.05)


@pytest.fixture(scope="session")
def sim():
    s = sim_server.start(host="127.0.0.1", port=0, scenario="live")
    yield s
    s.stop()


def _point_queries_at(settings: config.Settings) -> None:
    queries.use_reader(Reader(settings.snapshot_dir))
    os.environ["DATA_DIR"] = str(settings.data_dir)


@pytest.fixture(scope="session")
def warehouses(tmp_path_factory):
    """warehouses(scenario, at=None) -> Settings of a warehouse after one complete load of every system
    from a simulator frozen at `at` (scenario time, ISO); built once per (scenario, at) per session."""
    built: dict = {}
    sims = []

    def build(scenario: str = "live", at: str | None = None) -> config.Settings:
        if (scenario, at) not in built:
            frozen = sim_server.start(host="127.0.0.1", port=0, scenario=scenario, start=at,
                                      speed=0 if at else None)
            sims.append(frozen)
            settings = settings_for(frozen, tmp_path_factory.mktemp(f"warehouse-{scenario}"), scenario)
            sched = Scheduler(settings)
            sched.load_all_once()
            sched.ingest.close()
            built[(scenario, at)] = settings
        return built[(scenario, at)]

    yield build
    for s in sims:
        s.stop()
    queries.use_reader(None)


@pytest.fixture
def loaded(warehouses):
    """Queries (and AppTest pages) read the live-scenario warehouse."""
    settings = warehouses("live")
    _point_queries_at(settings)
    return settings


@pytest.fixture
def republish(loaded, monkeypatch):
    """republish(): a new snapshot of the live-scenario warehouse, after the test patched what publish reads;
    afterwards the patches are undone and the warehouse is published as it was, for the tests that follow."""
    ingest = Ingest(loaded)
    yield ingest.publish
    monkeypatch.undo()
    ingest.publish()
    ingest.close()


@pytest.fixture
def at_scenario(warehouses):
    """at_scenario("muifa", "2022-09-14T12:00:00+08:00"): queries and pages read that warehouse."""

    def point(scenario: str, at: str | None = None) -> config.Settings:
        settings = warehouses(scenario, at)
        _point_queries_at(settings)
        return settings

    return point
