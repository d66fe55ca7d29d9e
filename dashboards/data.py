"""The one place where screens cache query results: keyed on the published snapshot, shared by all sessions.

A new snapshot is a new key, so the data on screen is never older than the last published cycle,
and fifty viewers of one page cost the queries of one viewer per cycle.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from data_access import queries

T = TypeVar("T")


# A snapshot is replaced within seconds and only the newest is read, so a few snapshots' worth of
# entries (the screens issue about 70 distinct calls per snapshot) is all the cache ever needs to hold.
@st.cache_data(ttl=30, max_entries=300, show_spinner=False)
def _cached(target: str, snapshot_id: int, args: tuple, kwargs: tuple, _snap: queries.Snapshot):
    module, _, name = target.rpartition(".")
    fn = getattr(importlib.import_module(module), name)
    with queries.pinned(_snap):
        return fn(*args, **dict(kwargs))


def load(fn: Callable[..., T], *args, **kwargs) -> T:
    """Call a data_access function through the shared cache, on the snapshot pinned for this refresh."""
    snap = queries.pinned_snapshot()
    return _cached(f"{fn.__module__}.{fn.__qualname__}", snap.snapshot_id, args, tuple(sorted(kwargs.items())),
                   _snap=snap)
