"""Loader for 物联感知 (probes, readings, alarms); keeps probe_state, the latest reading per probe."""

from pathlib import Path

from data_access.loaders.base import make_loader

_DERIVE = (Path(__file__).parent / "sql" / "derive_probe_state.sql").read_text(encoding="utf-8")


def _derive_probe_state(cur, frames) -> None:
    readings = frames.get("probe_readings")
    if readings is not None and len(readings):
        cur.register("arrived", readings)
        cur.execute(_DERIVE)
        cur.unregister("arrived")


load = make_loader("iot", after=_derive_probe_state)
