"""Loader for 在建工程 (sites): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader

load = make_loader("construction")
