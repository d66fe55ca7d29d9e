"""Loader for 责任人 (persons, command_units): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader

load = make_loader("duty")
