"""Loader for 自规地灾 (points, zones): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader

load = make_loader("geohazard")
