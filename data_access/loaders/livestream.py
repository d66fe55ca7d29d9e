"""Loader for 直播 (stats): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader

load = make_loader("livestream")
