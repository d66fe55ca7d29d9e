"""Loader for 舆情 (items): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader

load = make_loader("opinion")
