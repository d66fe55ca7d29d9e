"""Loader for 风险普查 (townships, villages, bodies): validated, idempotent upserts on the shared client."""

from data_access.loaders.base import make_loader
from data_access.loaders.rollups import body_sites

load = make_loader("census", after=body_sites("bodies"))
