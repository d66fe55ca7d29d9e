"""Loader for 气象 (warnings, typhoon_track, rainfall): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader

load = make_loader("weather")
