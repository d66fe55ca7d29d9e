"""Loader for 公车调度 (vehicles): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader

load = make_loader("fleet")
