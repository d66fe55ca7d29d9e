"""Loader for 物联感知 (probes, readings, alarms); keeps probe_state, the latest reading per probe."""

from data_access.loaders.base import make_loader
from data_access.loaders.rollups import body_sites, chain, derive

load = make_loader("iot", after=chain(derive("probe_readings", "derive_probe_state.sql"), body_sites("probes")))
