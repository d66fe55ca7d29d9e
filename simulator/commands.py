"""The two commands (协同处置 tasks, supply dispatch orders): idempotent creation and status that advances with time."""

from __future__ import annotations

import threading

from .geo import dist_km
from .scenario import iso, parse_iso

TASK_KINDS = ("task", "warning")
TO_KINDS = ("shelter", "village")


class CommandError(Exception):
    """A command body is invalid; the message says which field and why."""


class Commands:
    """In-memory, thread-safe store of posted tasks and dispatch orders, keyed by Idempotency-Key."""

    def __init__(self, world):
        self.world = world
        self.reg = world.reg
        self._lock = threading.Lock()
        self._tasks: dict[str, dict] = {}
        self._orders: dict[str, dict] = {}
        self._wh = {w["id"]: w for w in self.reg.warehouses}
        self._cats = {c["code"] for c in self.reg.categories}
        self._stock_base = {(s["warehouse_id"], s["category_code"]): s for s in self.reg.stock_base}
        self._shelters = {s["id"]: s for s in self.reg.shelters}

    # ------------------------------------------------------------------ tasks
    def create_task(self, key: str, body: dict, now: float) -> tuple[int, dict]:
        with self._lock:
            if key in self._tasks:
                return 200, self.task_view(self._tasks[key], max(now, self._tasks[key]["created"]))
            kind = body.get("kind", "task")
            if kind not in TASK_KINDS:
                raise CommandError(f"kind must be one of {', '.join(TASK_KINDS)}, got {kind!r}")
            for f in ("title", "department"):
                if not isinstance(body.get(f), str) or not body[f].strip():
                    raise CommandError(f"{f} is required (a non-empty string)")
            deadline = body.get("deadline")
            if deadline is not None:
                try:
                    deadline = int(parse_iso(str(deadline)))
                except ValueError:
                    raise CommandError(f"deadline {deadline!r} is not an ISO 8601 time") from None
            rec = {"id": f"TK-{len(self._tasks) + 1:06d}", "idempotency_key": key, "kind": kind,
                   "title": body["title"].strip(), "detail": body.get("detail"), "department": body["department"].strip(),
                   "assignee": body.get("assignee"), "deadline": deadline, "source_ref": body.get("source_ref"),
                   "requested_by": body.get("requested_by"), "created": int(now)}
            self._tasks[key] = rec
            return 201, self.task_view(rec, now)

    @staticmethod
    def task_view(rec: dict, t: float) -> dict:
        c = rec["created"]
        warn = rec["kind"] == "warning"
        gen = c + 120 if warn else c
        handling, closed = c + 300, c + 1200
        stage, upd = ("预警", c) if warn else ("任务生成", c)
        if t >= gen:
            stage, upd = "任务生成", gen
        if t >= handling:
            stage, upd = "协同处置", handling
        if t >= closed:
            stage, upd = "评价反馈", closed
        return {"id": rec["id"], "idempotency_key": rec["idempotency_key"], "kind": rec["kind"], "title": rec["title"],
                "detail": rec.get("detail"), "department": rec["department"], "assignee": rec.get("assignee"),
                "deadline": iso(rec.get("deadline")), "source_ref": rec.get("source_ref"), "stage": stage,
                "created_at": iso(c), "generated_at": iso(gen) if t >= gen else None,
                "handling_at": iso(handling) if t >= handling else None,
                "closed_at": iso(closed) if t >= closed else None,
                "feedback": "已按要求处置完毕,现场情况平稳" if t >= closed else None,
                "requested_by": rec.get("requested_by"), "updated_at": iso(upd)}

    def tasks(self, t: float) -> list[dict]:
        out = []
        for tid, c, kind, title, dept in self.world.bg_tasks:
            if c <= t:
                rec = {"id": tid, "idempotency_key": f"sim-{tid}", "kind": kind, "title": title, "detail": None,
                       "department": dept, "assignee": None, "deadline": c + 3600, "source_ref": None,
                       "requested_by": "县应急指挥中心", "created": c}
                out.append(self.task_view(rec, t))
        with self._lock:
            recs = list(self._tasks.values())
        out += [self.task_view(r, t) for r in recs if r["created"] <= t]
        return out

    # ------------------------------------------------------------------ dispatch orders
    def _dest(self, kind: str, ident: str):
        if kind == "shelter":
            s = self._shelters.get(ident)
            return (s["lon"], s["lat"]) if s else None
        v = self.reg.v_by_code.get(ident)
        return (v["lon"], v["lat"]) if v else None

    def create_order(self, key: str, body: dict, now: float) -> tuple[int, dict]:
        with self._lock:
            if key in self._orders:
                return 200, self.order_view(self._orders[key], max(now, self._orders[key]["created"]))
            cat, wh = body.get("category_code"), body.get("from_warehouse_id")
            if cat not in self._cats:
                raise CommandError(f"category_code {cat!r} is unknown")
            if wh not in self._wh:
                raise CommandError(f"from_warehouse_id {wh!r} is unknown")
            q = body.get("quantity")
            if not isinstance(q, int) or isinstance(q, bool) or q <= 0:
                raise CommandError("quantity must be a positive integer")
            if (wh, cat) not in self._stock_base:
                raise CommandError(f"warehouse {wh} holds no {cat}")
            available = self._stock_base[(wh, cat)]["quantity"] - sum(
                o["quantity"] for o in self._orders.values() if (o["from_warehouse_id"], o["category_code"]) == (wh, cat))
            if q > available:
                raise CommandError(f"quantity {q} exceeds the stock of {cat} at {wh} ({available})")
            to_kind, to_id = body.get("to_kind"), body.get("to_id")
            if to_kind not in TO_KINDS:
                raise CommandError(f"to_kind must be one of {', '.join(TO_KINDS)}")
            dest = self._dest(to_kind, str(to_id))
            if dest is None:
                raise CommandError(f"to_id {to_id!r} is not a known {to_kind}")
            w = self._wh[wh]
            km = dist_km(w["lon"], w["lat"], dest[0], dest[1]) * 1.3
            c = int(now)
            rec = {"id": f"DO-{len(self._orders) + 1:06d}", "idempotency_key": key, "category_code": cat, "quantity": q,
                   "from_warehouse_id": wh, "to_kind": to_kind, "to_id": str(to_id),
                   "requested_by": body.get("requested_by"), "created": c, "received": c + 120, "in_transit": c + 300,
                   "delivered": c + 300 + max(600, int(km / 40.0 * 3600))}
            self._orders[key] = rec
            return 201, self.order_view(rec, now)

    @staticmethod
    def order_view(rec: dict, t: float) -> dict:
        status, upd = "sent", rec["created"]
        for st in ("received", "in_transit", "delivered"):
            if t >= rec[st]:
                status, upd = st, rec[st]
        return {"id": rec["id"], "idempotency_key": rec["idempotency_key"], "category_code": rec["category_code"],
                "quantity": rec["quantity"], "from_warehouse_id": rec["from_warehouse_id"], "to_kind": rec["to_kind"],
                "to_id": rec["to_id"], "status": status, "requested_by": rec.get("requested_by"),
                "created_at": iso(rec["created"]), "updated_at": iso(upd)}

    def orders(self, t: float) -> list[dict]:
        with self._lock:
            recs = list(self._orders.values())
        return [self.order_view(r, t) for r in recs if r["created"] <= t]

    def _delivered(self, t: float) -> list[dict]:
        with self._lock:
            return [r for r in self._orders.values() if r["delivered"] <= t]

    def stock(self, t: float) -> list[dict]:
        out_q: dict[tuple, int] = {}
        last: dict[tuple, int] = {}
        for r in self._delivered(t):
            k = (r["from_warehouse_id"], r["category_code"])
            out_q[k] = out_q.get(k, 0) + r["quantity"]
            last[k] = max(last.get(k, 0), r["delivered"])
        ep = self.world.epoch_iso
        res = []
        for s in self.reg.stock_base:
            k = (s["warehouse_id"], s["category_code"])
            res.append({**s, "quantity": s["quantity"] - out_q.get(k, 0),
                        "updated_at": iso(last[k]) if k in last else ep})
        return res

    def movements(self, t: float) -> list[dict]:
        w = self.world
        out = []
        for i, s in enumerate(self.reg.stock_base[::37]):   # historical restocking, already in the base stock
            moved = w.epoch - (i + 1) * 86400 * 3
            out.append({"id": f"MV-IN{i + 1:03d}", "warehouse_id": s["warehouse_id"], "category_code": s["category_code"],
                        "direction": "in", "quantity": max(1, s["quantity"] // 5), "reason": "年度储备补充入库",
                        "order_id": None, "moved_at": iso(moved), "updated_at": iso(moved)})
        for r in self._delivered(t):
            dest = r["to_id"]
            if r["to_kind"] == "shelter":
                dest = self._shelters[dest]["name"]
            else:
                dest = self.reg.v_by_code[dest]["name"]
            out.append({"id": f"MV-{r['id']}", "warehouse_id": r["from_warehouse_id"], "category_code": r["category_code"],
                        "direction": "out", "quantity": r["quantity"], "reason": f"调拨至{dest}", "order_id": r["id"],
                        "moved_at": iso(r["delivered"]), "updated_at": iso(r["delivered"])})
        return out
