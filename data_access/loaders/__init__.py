"""Loaders, one module per upstream system; LOADERS maps a system key to its load function."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from data_access.sources import SYSTEMS

LOADERS: dict[str, Callable] = {
    s.key: importlib.import_module(f"data_access.loaders.{s.key}").load for s in SYSTEMS
}
