"""Typed queries about the upstream feeds themselves: freshness, failures, quarantine, the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from data_access import queries
from data_access.sources import BY_KEY, SYSTEMS
from data_access.warehouse import utcnow

STALE_AFTER_INTERVALS = 3


@dataclass(frozen=True)
class Clock:
    scenario: str
    scenario_time: datetime | None  # Beijing time of the upstream clock at the last load


def feed_status() -> pd.DataFrame:
    """One row per upstream system (every system in the catalogue, loaded or not) with its log figures
    (runs, failures and quarantined records: in the hour before the snapshot was published)."""
    log = queries.run("feed_status").set_index("source")
    rows = []
    for s in SYSTEMS:
        r = log.loc[s.key] if s.key in log.index else None
        rows.append({
            "source": s.key, "title": s.title, "interval_s": s.interval_s,
            "last_success": None if r is None else r["last_success"],
            "last_status": "never" if r is None else r["last_status"],
            "last_rows": 0 if r is None else int(r["last_rows"]),
            "last_message": None if r is None else r["last_message"],
            "runs": 0 if r is None else int(r["runs_since"]),
            "failed": 0 if r is None else int(r["failed_since"]),
            "quarantined": 0 if r is None else int(r["quarantined_since"]),
        })
    return pd.DataFrame(rows)


def with_age(status: pd.DataFrame, now: datetime | None = None) -> pd.DataFrame:
    """Add age_s and stale (older than three intervals, or never loaded) as of `now` (UTC)."""
    now = now or utcnow()
    out = status.copy()
    last = pd.to_datetime(out["last_success"])
    out["age_s"] = (pd.Timestamp(now) - last).dt.total_seconds()
    out["stale"] = out["age_s"].isna() | (out["age_s"] > STALE_AFTER_INTERVALS * out["interval_s"])
    return out


def recent_quarantine(limit: int = 20) -> pd.DataFrame:
    return queries.run("recent_quarantine", limit=limit)


def clock() -> Clock:
    df = queries.run("scenario_clock")
    if df.empty:
        return Clock("", None)
    return Clock(str(df["scenario"].iloc[0]), df["scenario_time"].iloc[0].to_pydatetime())


def title_of(source: str) -> str:
    return BY_KEY[source].title if source in BY_KEY else source
