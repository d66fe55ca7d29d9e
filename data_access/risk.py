"""Typed queries and pure helpers of the 风险研判 screen: assessed bodies and the eight lists, 一个码 transfers,
response level and integrated office, the 1+5+18 command structure, township query, and table exports."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd

from data_access import queries, risk_model

RISK_LISTS = ("地质灾害", "小流域山洪", "城镇内涝", "危旧房", "交通运输", "安全生产", "人员转移", "山塘水库")
KEY_TOWNSHIPS = ("壶镇镇", "大洋镇", "前路乡")  # the seed's key transfer areas in Muifa
FIRST_ECHELON_DEADLINE = datetime(2022, 9, 13, 19, 0)  # Muifa: 第一梯次 all moved by then (Beijing time)
INTEGRATED_OFFICE_LEVEL = 3  # member units co-locate at response level Ⅲ or above (3, 2, 1)
ROLES = ("地质灾害巡查员", "山塘水库巡查员", "山洪灾害预警员")
KIND_TEXT = {
    "school": "学校", "hospital": "医院", "nursing_home": "养老院", "shelter": "避灾安置场所", "dilapidated_house": "危旧房",
    "construction_site": "在建工地", "reservoir": "山塘水库", "bridge_road": "桥梁道路", "hazmat": "危化企业",
    "scenic": "景区", "crowded_venue": "人员密集场所",
}
TIER_TEXT = {"county": "县防指", "special": "专项指挥部", "township": "乡镇（街道）指挥部"}
SHELTER_STATUS_TEXT = {"open": "开放", "standby": "待命", "closed": "已关闭"}


# --- queries ------------------------------------------------------------------------------------------------


def overview() -> dict:
    """Headline figures (see risk_overview.sql)."""
    return {k: int(v) for k, v in queries.run("risk_overview").iloc[0].items()}


def townships() -> pd.DataFrame:
    return queries.run("risk_townships")


def body_hazards(township: str | None = None) -> pd.DataFrame:
    """Bodies with the live hazard inputs at each (model inputs, not yet assessed)."""
    return queries.run("risk_bodies", township=township)


def assessed_bodies(township: str | None = None) -> pd.DataFrame:
    """Every body with its static score, hazard, dynamic level and measures, sorted by risk."""
    return risk_model.assess(body_hazards(township))


def transfer_totals(township: str | None = None, deadline: datetime = FIRST_ECHELON_DEADLINE) -> dict:
    row = queries.run("risk_transfer_totals", township=township, deadline=deadline).iloc[0]
    out = {k: int(row[k]) for k in row.index if k != "last_transferred_at"}
    last = row["last_transferred_at"]
    out["last_transferred_at"] = None if pd.isna(last) else pd.Timestamp(last).to_pydatetime()
    return out


def transfers_by_township() -> pd.DataFrame:
    return queries.run("risk_transfer_by_township")


def transfers_by_village(township: str | None = None) -> pd.DataFrame:
    return queries.run("risk_transfer_by_village", township=township)


def transfer_persons(township: str | None = None, limit: int = 200) -> pd.DataFrame:
    """Persons ordered to move, latest first. Personal data: pass through privacy.mask_frame before showing."""
    return queries.run("risk_transfer_persons", township=township, limit=int(limit))


def response_levels() -> pd.DataFrame:
    return queries.run("risk_response_levels")


def command_units() -> pd.DataFrame:
    """1+5+18. Personal data (duty_person, duty_phone): mask before showing."""
    return queries.run("risk_command_units")


def shelters(township: str | None = None) -> pd.DataFrame:
    return queries.run("risk_township_shelters", township=township)


def rescue_teams() -> pd.DataFrame:
    """The county's rescue teams. Personal data (leader, phone): mask before showing."""
    return queries.run("risk_rescue_teams")


def responsible_counts(township: str | None = None) -> dict[str, int]:
    """{role: persons} for the three grass-roots roles (0 when a township has none)."""
    df = queries.run("risk_responsible_counts", township=township)
    got = dict(zip(df["role"], df["persons"].astype(int), strict=True))
    return {r: got.get(r, 0) for r in ROLES}


def responsible_persons(township: str | None = None, limit: int = 500) -> pd.DataFrame:
    """Personal data (name, phone): mask before showing."""
    return queries.run("risk_responsible_persons", township=township, limit=int(limit))


# --- pure helpers -------------------------------------------------------------------------------------------


def risk_list(assessed: pd.DataFrame, list_name: str, township: str | None = None,
              level: str | None = None) -> pd.DataFrame:
    """One of the eight lists, filtered by township code and level (低..高), kept in risk order."""
    rows = assessed[assessed["risk_list"] == list_name]
    if township:
        rows = rows[rows["township_code"] == township]
    if level:
        rows = rows[rows["level"] == level]
    return rows


def list_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The columns a person reads (and exports) for a risk list, in Chinese, numbered in risk order."""
    out = pd.DataFrame({
        "序号": range(1, len(rows) + 1),
        "风险等级": [f"{lv}（{r}）" for lv, r in zip(rows["level"], rows["level_roman"], strict=True)],
        "承灾体": rows["name"].to_numpy(),
        "类型": rows["kind"].map(KIND_TEXT).fillna(rows["kind"]).to_numpy(),
        "乡镇": rows["township"].to_numpy(),
        "村": rows["village"].to_numpy(),
        "动态风险": rows["dynamic_score"].round(3).to_numpy(),
        "静态评分": rows["static_score"].round(3).to_numpy(),
        "致灾强度": rows["hazard"].round(3).to_numpy(),
        "主要致灾因子": rows["main_hazard"].to_numpy(),
        "24小时雨量（mm）": rows["rain_24h_mm"].round(1).to_numpy(),
        "在场人员（人）": rows["occupants"].astype(int).to_numpy(),
        "建议措施": rows["measures"].to_numpy(),
    })
    return out


def level_counts(assessed: pd.DataFrame) -> dict[str, int]:
    """{level: bodies} for 高, 较高, 较低, 低."""
    got = assessed["level"].value_counts().to_dict() if not assessed.empty else {}
    return {lv: int(got.get(lv, 0)) for lv in reversed(risk_model.LEVELS)}


@dataclass(frozen=True)
class Response:
    level: int | None          # 4..1, None when no response is active
    since: datetime | None
    reason: str
    integrated_office: bool    # 集中办公: level Ⅲ or above


def current_response(history: pd.DataFrame, now: datetime | None) -> Response:
    """The response period active at `now` (started, not ended); the latest started one when `now` is None."""
    if history.empty:
        return Response(None, None, "", False)
    h = history.sort_values("started_at", ascending=False)
    if now is not None:
        started = h["started_at"] <= pd.Timestamp(now)
        open_ = h["ended_at"].isna() | (h["ended_at"] > pd.Timestamp(now))
        h = h[started & open_]
    else:
        h = h[h["ended_at"].isna()]
    if h.empty:
        return Response(None, None, "", False)
    row = h.iloc[0]
    level = int(row["level"])
    return Response(level, pd.Timestamp(row["started_at"]).to_pydatetime(), str(row["reason"]),
                    level <= INTEGRATED_OFFICE_LEVEL)


@dataclass(frozen=True)
class Echelon:
    total: int
    ordered: int
    done: int
    done_by_deadline: int
    deadline: datetime
    remaining: timedelta | None   # until the deadline; None once it has passed
    complete: bool                # every first-echelon person moved (by now)

    @property
    def text(self) -> str:
        """The countdown or the outcome, in Chinese."""
        if self.ordered == 0 and self.done == 0:
            return "未下达转移指令"
        if self.remaining is not None:
            minutes = int(self.remaining.total_seconds() // 60)
            return f"距截止 {minutes // 60} 小时 {minutes % 60:02d} 分"
        if self.complete and self.done_by_deadline == self.total:
            return "已按时全部转移到位"
        return f"已超时，{self.total - self.done_by_deadline} 人未按时转移"


def first_echelon(totals: dict, now: datetime | None, deadline: datetime = FIRST_ECHELON_DEADLINE) -> Echelon:
    """The first echelon against its deadline at scenario time `now`."""
    remaining = deadline - now if now is not None and now < deadline else None
    total, done = totals["first_total"], totals["first_done"]
    return Echelon(total, totals["first_ordered"], done, totals["first_done_by_deadline"], deadline, remaining,
                   complete=total > 0 and done >= total)


# --- exports (pure: the table on screen -> bytes) ------------------------------------------------------------


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so Excel opens the Chinese headers correctly."""
    return table.to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(table: pd.DataFrame, sheet: str = "风险清单") -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        table.to_excel(writer, index=False, sheet_name=sheet[:31])
        ws = writer.sheets[sheet[:31]]
        for col in ws.columns:  # readable widths for the briefing printout
            width = max(len(str(c.value or "")) for c in col)
            ws.column_dimensions[col[0].column_letter].width = min(60, max(8, width * 2))
    return buf.getvalue()
