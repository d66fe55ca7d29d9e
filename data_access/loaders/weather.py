"""Loader for 气象 (warnings, typhoon_track, rainfall): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader
from data_access.loaders.rollups import derive

load = make_loader("weather", after=derive("rainfall", "derive_rainfall_latest.sql"))
