"""Loader for 人员转移 (persons): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader

load = make_loader("transfers")
