"""Loader for 水文水利 (reservoirs, reservoir_readings): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader

load = make_loader("hydro")
