"""Loader for 智慧文旅 (stats): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader

load = make_loader("tourism")
