"""Loader for 到岗签到 (posts): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader

load = make_loader("checkin")
