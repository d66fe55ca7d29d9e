"""Typed queries of the 祭典在线 screen: stages, e-fence crowd, staff on duty, reach, opinion, vehicles, tourism,
shared items, the 协同处置 tasks, and (from the commands SQLite, not the snapshot) the outbox and audit log."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from data_access import commands, queries

TREND_WINDOW = timedelta(minutes=90)


def stages() -> pd.DataFrame:
    return queries.run("ceremony_stages")


def zones_now(at: datetime) -> pd.DataFrame:
    """The latest count, density (人/m²), inflow and outflow of every e-fence zone at `at`."""
    return queries.run("ceremony_zone_now", at=at)


def zone_trend(until: datetime, window: timedelta = TREND_WINDOW) -> pd.DataFrame:
    return queries.run("ceremony_zone_trend", since=until - window, until=until)


def duty_posts() -> pd.DataFrame:
    return queries.run("ceremony_duty_posts")


def livestream(until: datetime, window: timedelta = TREND_WINDOW) -> pd.DataFrame:
    return queries.run("ceremony_livestream", since=until - window, until=until)


def opinion_items(until: datetime, limit: int = 20) -> pd.DataFrame:
    return queries.run("ceremony_opinion_items", until=until, limit=limit)


def opinion_buckets(until: datetime, window: timedelta = timedelta(hours=2), bucket_min: int = 10) -> pd.DataFrame:
    return queries.run("ceremony_opinion_buckets", since=until - window, until=until, bucket_min=bucket_min)


def vehicles() -> pd.DataFrame:
    return queries.run("ceremony_vehicles")


def tourism_now(at: datetime) -> pd.DataFrame:
    return queries.run("ceremony_tourism_now", at=at)


def shared_items() -> pd.DataFrame:
    return queries.run("ceremony_shared_items")


def tasks(since: datetime) -> pd.DataFrame:
    """Warnings and tasks of the 协同处置 system created since `since` (Beijing time)."""
    return queries.run("ceremony_tasks", since=since)


# --- the commands SQLite: read live (a queued command must show at once), never through the snapshot cache ---

def outbox(limit: int = 50) -> pd.DataFrame:
    """The newest task and warning commands with their delivery status (pending | delivered | failed)."""
    frame = commands.list_commands(limit=limit)
    return frame[frame["kind"].isin(["task", "warning"])].reset_index(drop=True)


def audit(limit: int = 30) -> pd.DataFrame:
    """The newest audit rows: who (actor, role), what (action), when (at, UTC), result."""
    return commands.audit_log(limit=limit)


def issue(kind: str, payload: dict, actor: str, role: str, idempotency_key: str) -> dict:
    """Queue a task or warning for the 协同处置 system (one per idempotency key); see commands.enqueue."""
    return commands.enqueue(kind, payload, actor, role, idempotency_key)
