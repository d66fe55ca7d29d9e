"""Loader for 避灾安置 (shelters, occupancy): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader

load = make_loader("shelters")
