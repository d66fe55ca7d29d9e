"""Loader for 应急物资 (warehouses, categories, stock, village_kits, movements, dispatch_orders): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader

load = make_loader("supplies")
