"""Fault injection: per (system, resource) or "*", with a count, applied to reads and commands alike."""

from __future__ import annotations

import json
import random
import threading
from pathlib import Path

KINDS = ("latency", "error", "timeout", "malformed", "missing_field", "renamed_field", "duplicate", "out_of_order")
TIMEOUT_S = 30.0


class FaultError(ValueError):
    """A fault specification is invalid; the message says what to fix."""


def validate(spec: dict) -> dict:
    if not isinstance(spec, dict):
        raise FaultError("a fault must be a JSON object with system, resource, kind, count, latency_s")
    kind = spec.get("kind")
    if kind not in KINDS:
        raise FaultError(f"kind {kind!r} is unknown: use one of {', '.join(KINDS)}")
    count = spec.get("count")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 1):
        raise FaultError("count must be a positive integer or null (until cleared)")
    lat = spec.get("latency_s", 2.0)
    if not isinstance(lat, (int, float)) or isinstance(lat, bool) or lat < 0 or lat > 120:
        raise FaultError("latency_s must be a number of seconds between 0 and 120")
    return {"system": str(spec.get("system") or "*"), "resource": str(spec.get("resource") or "*"), "kind": kind,
            "count": count, "latency_s": float(lat), "field": spec.get("field")}


def load_file(path: str) -> list[dict]:
    """Faults from a JSON file: a list of faults or {"faults": [...]}. Raises FaultError."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FaultError(f"cannot read {path} ({exc})") from None
    if isinstance(doc, dict):
        doc = doc.get("faults", [doc])
    if not isinstance(doc, list):
        raise FaultError(f"{path} must hold a JSON list of faults")
    return [validate(x) for x in doc]


class Faults:
    """The active faults; take() consumes one use of the first matching fault."""

    def __init__(self):
        self._lock = threading.Lock()
        self._items: list[dict] = []
        self._next = 1
        self._rng = random.Random(2212)

    def add(self, spec: dict) -> dict:
        f = validate(spec)
        with self._lock:
            f["id"] = self._next
            self._next += 1
            f["used"] = 0
            self._items.append(f)
            return dict(f)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def list(self) -> list[dict]:
        with self._lock:
            return [dict(f) for f in self._items]

    def take(self, system: str, resource: str) -> dict | None:
        with self._lock:
            for f in self._items:
                if f["system"] in ("*", system) and f["resource"] in ("*", resource):
                    f["used"] += 1
                    if f["count"] is not None:
                        f["count"] -= 1
                        if f["count"] <= 0:
                            self._items.remove(f)
                    return dict(f)
        return None

    # ------------------------------------------------------------------ payload faults
    @staticmethod
    def _victim(items: list[dict], field: str | None) -> str | None:
        if not items:
            return None
        keys = list(items[0].keys())
        if field in keys:
            return field
        return keys[1] if len(keys) > 1 else keys[0]

    def mangle(self, fault: dict, items: list[dict]) -> list[dict]:
        kind = fault["kind"]
        if kind == "missing_field":
            f = self._victim(items, fault.get("field"))
            return [{k: v for k, v in it.items() if k != f} if i % 2 == 0 else it for i, it in enumerate(items)]
        if kind == "renamed_field":
            f = self._victim(items, fault.get("field"))
            parts = (f or "").split("_")
            new = parts[0] + "".join(p.title() for p in parts[1:]) if len(parts) > 1 else f"{f}_v2"
            return [{(new if k == f else k): v for k, v in it.items()} for it in items]
        if kind == "duplicate":
            return items + items[: max(1, len(items) // 3)] if items else items
        if kind == "out_of_order":
            out = list(items)
            with self._lock:
                self._rng.shuffle(out)
            if len(out) > 1 and out == items:
                out.reverse()
            return out
        return items
