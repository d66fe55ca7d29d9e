"""Typed queries of the 应急物资在线 screen: warehouses, stock, village kits, shelters, dispatch orders and the outbox."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from data_access import commands, queries

STATUS_TEXT = {"sent": "已发送", "received": "已接收", "in_transit": "运输中", "delivered": "已送达"}
OUTBOX_TEXT = {"pending": "待发送", "delivered": "已发送", "failed": "发送失败"}
SHELTER_STATUS_TEXT = {"open": "开放", "standby": "待命", "closed": "已关闭"}
LEVEL_TEXT = {"county": "县级", "township": "乡镇级"}
TARGET_TEXT = {"shelter": "安置点", "village": "行政村"}
KIT_ITEMS = ("卫星电话", "抽水泵", "应急发电机", "四小件")
KIT_UNITS = {"卫星电话": "部", "抽水泵": "台", "应急发电机": "台", "四小件": "套"}
RECENT_MOVEMENTS = 2000  # newest movements kept ready for the movement board (serving/recent_stock_movements.sql)


def overview() -> dict:
    """The headline figures as one dict (see supplies_overview.sql)."""
    row = queries.run("supplies_overview").iloc[0]
    return {k: int(v) for k, v in row.items()}


def townships() -> pd.DataFrame:
    return queries.run("supplies_townships")


def categories() -> pd.DataFrame:
    return queries.run("supplies_categories")


def warehouses(township: str | None = None) -> pd.DataFrame:
    return queries.run("supplies_warehouses", township=township)


def stock_by_category(township: str | None = None, warehouse: str | None = None) -> pd.DataFrame:
    return queries.run("supplies_stock_by_category", township=township, warehouse=warehouse)


def shortfalls(township: str | None = None, warehouse: str | None = None, category: str | None = None) -> pd.DataFrame:
    return queries.run("supplies_shortfalls", township=township, warehouse=warehouse, category=category)


def movements(township: str | None = None, warehouse: str | None = None, category: str | None = None,
              limit: int = 50) -> pd.DataFrame:
    params = {"township": township, "warehouse": warehouse, "category": category, "limit": int(limit)}
    recent = queries.run("supplies_movements", **params)
    # Short of `limit` among the newest movements: a narrow filter (or a small table); read the whole table.
    return recent if len(recent) >= limit else queries.run("supplies_movements_all", **params)


def kit_totals(township: str | None = None) -> pd.DataFrame:
    return queries.run("supplies_kit_totals", township=township)


def kit_by_township() -> pd.DataFrame:
    return queries.run("supplies_kit_by_township")


def villages_lacking(township: str | None = None) -> pd.DataFrame:
    return queries.run("supplies_villages_lacking", township=township)


def shelters(township: str | None = None) -> pd.DataFrame:
    return queries.run("supplies_shelters", township=township)


def shelter_trend(township: str | None = None) -> pd.DataFrame:
    return queries.run("supplies_shelter_trend", township=township)


def dispatch_candidates(category: str) -> pd.DataFrame:
    return queries.run("supplies_dispatch_candidates", category=category)


def destinations(township: str | None = None) -> pd.DataFrame:
    return queries.run("supplies_destinations", township=township)


def dispatch_orders(limit: int = 50) -> pd.DataFrame:
    return queries.run("supplies_dispatch_orders", limit=int(limit))


def outbox_dispatches(limit: int = 30, path: Path | str | None = None) -> pd.DataFrame:
    """Dispatch commands in the outbox (SQLite, not the warehouse), newest first; never cache this.

    Columns: idempotency_key, created_at (UTC), actor, status (pending delivered failed), attempts, last_error,
    category_code, quantity, from_warehouse_id, to_kind, to_id.
    """
    with commands.connect(path) as conn:
        rows = conn.execute(
            "SELECT idempotency_key, created_at, actor, status, attempts, last_error, payload FROM outbox"
            " WHERE kind = 'dispatch' ORDER BY id DESC LIMIT ?", (int(limit),)).fetchall()
    out = []
    for r in rows:
        body = json.loads(r["payload"])
        out.append({**{k: r[k] for k in r.keys() if k != "payload"},
                    **{k: body.get(k) for k in ("category_code", "quantity", "from_warehouse_id", "to_kind", "to_id")}})
    frame = pd.DataFrame(out, columns=OUTBOX_COLUMNS)
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True, format="ISO8601")
    return frame


def outbox_accepted(keys: list[str], path: Path | str | None = None) -> bool:
    """True when every command with these keys has left the outbox (delivered or refused): a new order may start."""
    if not keys:
        return False
    found = [commands.get_command(k, path) for k in keys]
    return all(c is not None and c["status"] != "pending" for c in found)


OUTBOX_COLUMNS = ["idempotency_key", "created_at", "actor", "status", "attempts", "last_error", "category_code",
                  "quantity", "from_warehouse_id", "to_kind", "to_id"]
BOARD_COLUMNS = ["下达时间", "物资", "数量", "调出仓库", "目的地", "指令", "状态", "status"]


def order_board(orders: pd.DataFrame, outbox: pd.DataFrame, categories: pd.DataFrame,
                warehouses: pd.DataFrame, destinations: pd.DataFrame, limit: int = 30) -> pd.DataFrame:
    """One row per dispatch: what the outbox holds (待发送 / 已发送 / 发送失败) joined by idempotency key to the
    status the supplies system reports back (已发送 已接收 运输中 已送达). Times are Beijing time, as text."""
    rows = []
    seen = set()
    known = dict(zip(orders["idempotency_key"], orders.to_dict("records"), strict=True)) if not orders.empty else {}
    cat = dict(zip(categories["code"], zip(categories["name"], categories["unit"], strict=True), strict=True))
    wh = dict(zip(warehouses["id"], warehouses["name"], strict=True))
    dest = dict(zip(zip(destinations["to_kind"], destinations["to_id"], strict=True), destinations["name"],
                    strict=True))
    for c in outbox.to_dict("records"):
        o = known.get(c["idempotency_key"])
        seen.add(c["idempotency_key"])
        name, unit = cat.get(c["category_code"], (c["category_code"], ""))
        # The upstream's creation time is scenario time; before it answers, the tap's own (wall) time in Beijing.
        if o:
            when = pd.Timestamp(o["created_at"]).strftime("%m-%d %H:%M")
        elif pd.notna(c["created_at"]):
            when = c["created_at"].tz_convert("Asia/Shanghai").strftime("%m-%d %H:%M")
        else:
            when = ""
        rows.append({
            "下达时间": when, "物资": name, "数量": f"{int(c['quantity']):,} {unit}".strip(),
            "调出仓库": wh.get(c["from_warehouse_id"], c["from_warehouse_id"]),
            "目的地": dest.get((c["to_kind"], c["to_id"]), c["to_id"]),
            "指令": OUTBOX_TEXT.get(c["status"], c["status"]),
            "状态": STATUS_TEXT.get(o["status"], o["status"]) if o else ("等待回传" if c["status"] == "delivered" else "—"),
            # Outbox states are prefixed so that "delivered to upstream" is never read as "delivered to the shelter".
            "status": o["status"] if o else f"outbox_{c['status']}",
        })
    for o in orders.to_dict("records"):
        if o["idempotency_key"] in seen:
            continue
        rows.append({
            "下达时间": pd.Timestamp(o["created_at"]).strftime("%m-%d %H:%M"), "物资": o["category"],
            "数量": f"{int(o['quantity']):,} {o['unit'] or ''}".strip(), "调出仓库": o["from_name"],
            "目的地": o["to_name"], "指令": "已发送", "状态": STATUS_TEXT.get(o["status"], o["status"]),
            "status": o["status"],
        })
    return pd.DataFrame(rows[:limit], columns=BOARD_COLUMNS)
