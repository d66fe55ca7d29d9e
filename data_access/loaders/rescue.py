"""Loader for 救援队伍 (teams): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader

load = make_loader("rescue")
