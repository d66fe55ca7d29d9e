"""Loader for 水文水利 (reservoirs, reservoir_readings): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader
from data_access.loaders.rollups import body_sites, chain, derive

load = make_loader("hydro", after=chain(derive("reservoir_readings", "derive_reservoir_latest.sql"),
                                        body_sites("reservoirs")))
