"""Runs this folder's SQL files, with bound parameters, against the current published snapshot."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pandas as pd

from data_access import config
from data_access.warehouse import NoSnapshot, Reader, Snapshot

__all__ = ["NoSnapshot", "Snapshot", "current_snapshot", "pinned", "run", "sql_text", "use_reader"]

_DIR = Path(__file__).parent
_lock = threading.Lock()
_reader: Reader | None = None
_pin = threading.local()


def use_reader(reader: Reader | None) -> None:
    """Point queries at another snapshot folder (tests, benchmarks); None re-reads the settings."""
    global _reader
    with _lock:
        if _reader is not None and _reader is not reader:
            _reader.close()
        _reader = reader


def reader() -> Reader:
    global _reader
    with _lock:
        if _reader is None:
            _reader = Reader(config.load().snapshot_dir)
        return _reader


def current_snapshot() -> Snapshot:
    return reader().current()


@contextmanager
def pinned(snap: Snapshot | None = None) -> Iterator[Snapshot]:
    """Read every query in this block from one snapshot (default: the current one), so a refresh
    sees one consistent cycle even when a new one is published meanwhile."""
    previous = getattr(_pin, "snap", None)
    _pin.snap = snap or current_snapshot()
    try:
        yield _pin.snap
    finally:
        _pin.snap = previous


def pinned_snapshot() -> Snapshot:
    return getattr(_pin, "snap", None) or current_snapshot()


@cache
def sql_text(name: str) -> str:
    return (_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run(name: str, snap: Snapshot | None = None, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with named parameters ($name in the SQL)."""
    return reader().query(sql_text(name), params or None, snap or getattr(_pin, "snap", None))
