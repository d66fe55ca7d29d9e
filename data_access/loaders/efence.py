"""Loader for 电子围栏 (zones, counts): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader

load = make_loader("efence")
