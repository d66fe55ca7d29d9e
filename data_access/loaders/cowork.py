"""Loader for 协同处置 (response_levels, tasks, ceremony_stages, shared_items): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader

load = make_loader("cowork")
