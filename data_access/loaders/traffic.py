"""Loader for 交通 (events): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader

load = make_loader("traffic")
