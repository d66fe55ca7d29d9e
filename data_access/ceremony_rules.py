"""The ceremony's warning rules as configuration (thresholds, levels, Chinese explanations, who acts) and the pure
functions that evaluate them, project the crowd 15 minutes ahead, and summarise the closed loop of tasks.

Nothing here reads a database or knows Streamlit: every function takes data frames and "now" (scenario time,
Beijing, naive) and returns data, so the rules are tested on hand-made frames.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

# Fruin-derived crowd densities (REFERENCE.md), persons per usable m².
DENSITY_CONTACT = 3.57     # involuntary contact: orange
DENSITY_DANGEROUS = 5.55   # dangerous crowd forces begin: red
PROJECTION_HORIZON_MIN = 15
PROJECTION_FIT_MIN = 10

LEVEL_RANK = {"红": 1, "橙": 2, "黄": 3, "蓝": 4}
CLOSED_STAGE = "评价反馈"
LOOP_STAGES = ("预警", "任务生成", "协同处置", "评价反馈")


@dataclass(frozen=True)
class Rule:
    id: str
    name: str            # shown on the screen
    level: str           # 蓝 | 黄 | 橙 | 红
    explanation: str     # why it fires, in Chinese, shown beside the warning
    department: str      # who acts: prefilled into the task
    assignee: str
    deadline_min: int    # task deadline after the tap, in scenario minutes
    params: dict = field(default_factory=dict)


RULES: dict[str, Rule] = {r.id: r for r in (
    Rule("density_red", "人群密度红色预警", "红",
         f"区域密度达到 {DENSITY_DANGEROUS} 人/m²（Fruin：危险的人群挤压力开始出现），须立即停止进场、开辟疏散通道。",
         "公安局", "现场指挥部安保组", 5, {"threshold": DENSITY_DANGEROUS}),
    Rule("density_orange", "人群密度橙色预警", "橙",
         f"区域密度达到 {DENSITY_CONTACT} 人/m²（Fruin：人与人被动接触），须限流并分流引导。",
         "公安局", "现场指挥部安保组", 10, {"threshold": DENSITY_CONTACT}),
    Rule("density_projected", "人群密度预测预警", "黄",
         f"按近 {PROJECTION_FIT_MIN} 分钟趋势线性外推，{PROJECTION_HORIZON_MIN} 分钟后密度将达到 {DENSITY_CONTACT} 人/m²"
         "（预测值，非实测），请提前限流。",
         "仙都街道", "核心区分流引导组", 15,
         {"threshold": DENSITY_CONTACT, "horizon_min": PROJECTION_HORIZON_MIN, "fit_min": PROJECTION_FIT_MIN}),
    Rule("post_unstaffed", "岗位未到岗", "黄",
         "岗位到了规定到岗时间仍缺人（超过宽限时间），请责任部门立即补岗。",
         "", "岗位负责人", 15, {"grace_min": 5}),
    Rule("opinion_spike", "负面舆情激增", "橙",
         "最近一个统计时段的负面舆情条数达到下限且明显高于此前各时段的平均水平，请宣传部门核实回应。",
         "宣传部", "舆情监测组", 20, {"bucket_min": 10, "min_count": 5, "factor": 2.0}),
    Rule("stage_late", "仪程延误", "黄",
         "仪程环节实际开始（或仍未开始）晚于计划超过容许时间，请现场总指挥协调后续环节与人员。",
         "文广旅体局", "祭典现场总指挥", 10, {"tolerance_min": 5}),
)}

WARNING_COLUMNS = ["id", "rule", "name", "level", "rank", "title", "detail", "explanation", "department",
                   "assignee", "deadline", "projected", "since"]


def _wid(now: datetime, rule: str, obj: str) -> str:
    # Stable for the whole day, so every refresh of one condition is the same warning (and the same task key).
    return f"{now:%Y%m%d}-{rule}-{obj}"


def _warning(rule: Rule, now: datetime, obj: str, title: str, detail: str, since=None,
             department: str | None = None, assignee: str | None = None, projected: bool = False) -> dict:
    return {"id": _wid(now, rule.id, obj), "rule": rule.id, "name": rule.name, "level": rule.level,
            "rank": LEVEL_RANK[rule.level], "title": title, "detail": detail, "explanation": rule.explanation,
            "department": department or rule.department, "assignee": assignee or rule.assignee,
            "deadline": now + timedelta(minutes=rule.deadline_min), "projected": projected, "since": since}


# --- the crowd ----------------------------------------------------------------------------------------------

def project_density(trend: pd.DataFrame, horizon_min: int = PROJECTION_HORIZON_MIN,
                    fit_min: int = PROJECTION_FIT_MIN) -> pd.DataFrame:
    """Per zone: a least-squares line through the last `fit_min` minutes of density, extended `horizon_min` ahead.

    Columns: zone_id, name, last_at, last_density, slope_per_min, projected_at, projected_density (never below 0).
    """
    cols = ["zone_id", "name", "last_at", "last_density", "slope_per_min", "projected_at", "projected_density"]
    if trend.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for zone_id, g in trend.dropna(subset=["density"]).groupby("zone_id", sort=False):
        g = g.sort_values("observed_at")
        last_at = pd.Timestamp(g["observed_at"].iloc[-1])
        recent = g[g["observed_at"] > last_at - pd.Timedelta(minutes=fit_min)]
        minutes = (pd.to_datetime(recent["observed_at"]) - last_at).dt.total_seconds().to_numpy() / 60.0
        dens = recent["density"].to_numpy(dtype=float)
        if len(recent) >= 2 and np.ptp(minutes) > 0:
            slope, intercept = np.polyfit(minutes, dens, 1)
        else:
            slope, intercept = 0.0, float(dens[-1])
        rows.append({"zone_id": zone_id, "name": g["name"].iloc[-1] if "name" in g else zone_id,
                     "last_at": last_at, "last_density": float(dens[-1]), "slope_per_min": float(slope),
                     "projected_at": last_at + pd.Timedelta(minutes=horizon_min),
                     "projected_density": max(0.0, float(intercept + slope * horizon_min))})
    return pd.DataFrame(rows, columns=cols)


def density_level(density: float | None) -> str | None:
    """'红', '橙' or None for a density in 人/m²."""
    if density is None or density != density:
        return None
    if density >= DENSITY_DANGEROUS:
        return "红"
    if density >= DENSITY_CONTACT:
        return "橙"
    return None


def density_warnings(zones: pd.DataFrame, projection: pd.DataFrame, now: datetime) -> list[dict]:
    out = []
    projected = projection.set_index("zone_id")["projected_density"] if not projection.empty else pd.Series(dtype=float)
    for z in zones.itertuples(index=False):
        level = density_level(z.density)
        figures = f"{z.density:.2f} 人/m²，{int(z.headcount):,} 人" if level else ""
        if level == "红":
            out.append(_warning(RULES["density_red"], now, z.zone_id, f"{z.name}密度 {z.density:.2f} 人/m²",
                                f"实测 {figures}（≥{DENSITY_DANGEROUS}）", since=z.observed_at))
        elif level == "橙":
            out.append(_warning(RULES["density_orange"], now, z.zone_id, f"{z.name}密度 {z.density:.2f} 人/m²",
                                f"实测 {figures}（≥{DENSITY_CONTACT}）", since=z.observed_at))
        elif z.zone_id in projected.index and projected[z.zone_id] >= DENSITY_CONTACT:
            rule = RULES["density_projected"]
            out.append(_warning(rule, now, z.zone_id, f"{z.name}预测 {projected[z.zone_id]:.2f} 人/m²",
                                f"预测：{rule.params['horizon_min']} 分钟后 {projected[z.zone_id]:.2f} 人/m²"
                                f"（现 {z.density:.2f}）", since=z.observed_at, projected=True))
    return out


# --- staff, opinion, stages ---------------------------------------------------------------------------------

def post_warnings(posts: pd.DataFrame, now: datetime) -> list[dict]:
    rule = RULES["post_unstaffed"]
    grace = timedelta(minutes=rule.params["grace_min"])
    out = []
    for p in posts.itertuples(index=False):
        short = int(p.staff_required) - int(p.staff_checked_in)
        if short > 0 and pd.Timestamp(p.planned_at) + grace <= pd.Timestamp(now):
            missing = f"：{p.missing_names}" if isinstance(p.missing_names, str) and p.missing_names else ""
            out.append(_warning(rule, now, p.id, f"{p.post}缺 {short} 人",
                                f"应到 {int(p.staff_required)} 人，已到 {int(p.staff_checked_in)} 人{missing}；"
                                f"自 {pd.Timestamp(p.planned_at):%H:%M} 起",
                                since=p.planned_at, department=p.department, assignee=f"{p.post}负责人"))
    return out


def opinion_spike(buckets: pd.DataFrame, now: datetime) -> list[dict]:
    """Fires when the newest bucket's negative count reaches min_count and factor × the mean of the earlier ones."""
    rule = RULES["opinion_spike"]
    if buckets.empty:
        return []
    b = buckets.sort_values("bucket")
    latest = int(b["negative"].iloc[-1])
    earlier = b["negative"].iloc[:-1]
    baseline = float(earlier.mean()) if len(earlier) else 0.0
    if latest < rule.params["min_count"] or latest < rule.params["factor"] * baseline:
        return []
    start = pd.Timestamp(b["bucket"].iloc[-1])
    return [_warning(rule, now, f"{start:%H%M}", f"负面舆情 {latest} 条/{rule.params['bucket_min']} 分钟",
                     f"{start:%H:%M} 起 {latest} 条，此前平均 {baseline:.1f} 条", since=start)]


def current_stage(stages: pd.DataFrame, now: datetime) -> dict | None:
    """The stage under way (started, not ended), else the next one due; with its delay in minutes."""
    if stages.empty:
        return None
    now = pd.Timestamp(now)
    running = stages[stages["actual_start"].notna() & stages["actual_end"].isna()]
    if not running.empty:
        row, state = running.iloc[-1], "进行中"
    else:
        upcoming = stages[stages["actual_start"].isna()]
        if upcoming.empty:
            row, state = stages.iloc[-1], "已结束"
        else:
            row, state = upcoming.iloc[0], "待开始"
    return {"name": row["name"], "state": state, "seq": int(row["seq"]), "delay_min": stage_delay_min(row, now)}


def stage_delay_min(row, now) -> float:
    """Minutes a stage started (or, not started yet, is already) behind plan; 0 when on time or ahead."""
    planned = pd.Timestamp(row["planned_start"])
    actual = row["actual_start"]
    reference = pd.Timestamp(actual) if pd.notna(actual) else pd.Timestamp(now)
    if pd.isna(actual) and reference < planned:
        return 0.0
    return max(0.0, (reference - planned).total_seconds() / 60.0)


def stage_warnings(stages: pd.DataFrame, now: datetime) -> list[dict]:
    """Only the stage under way or due now: a finished late stage is history, not something to act on."""
    rule = RULES["stage_late"]
    cur = current_stage(stages, now)
    if cur is None or cur["state"] == "已结束" or cur["delay_min"] <= rule.params["tolerance_min"]:
        return []
    row = stages[stages["seq"] == cur["seq"]].iloc[0]
    verb = "开始" if cur["state"] == "进行中" else "仍未开始"
    return [_warning(rule, now, row["id"], f"{row['name']}延误 {cur['delay_min']:.0f} 分钟",
                     f"计划 {pd.Timestamp(row['planned_start']):%H:%M}，{verb}，超过容许 {rule.params['tolerance_min']} 分钟",
                     since=row["planned_start"])]


def evaluate(now: datetime, zones: pd.DataFrame, projection: pd.DataFrame, posts: pd.DataFrame,
             opinion: pd.DataFrame, stages: pd.DataFrame) -> pd.DataFrame:
    """Every active warning, most severe first (columns WARNING_COLUMNS)."""
    rows = (density_warnings(zones, projection, now) + stage_warnings(stages, now) + opinion_spike(opinion, now)
            + post_warnings(posts, now))
    frame = pd.DataFrame(rows, columns=WARNING_COLUMNS)
    return frame.sort_values(["rank", "id"], kind="stable").reset_index(drop=True)


# --- the closed loop ----------------------------------------------------------------------------------------

def command_key(warning_id: str, kind: str, user: str) -> str:
    """One idempotency key per warning, command kind and user: a double tap (or a re-render) reuses it."""
    digest = hashlib.sha256(f"{warning_id}|{kind}|{user}".encode()).hexdigest()[:20]
    return f"cer-{kind}-{digest}"


def command_payload(warning: dict, kind: str) -> dict:
    """The body of the 任务派发 (kind task) or 预警下达 (kind warning) command for a warning row."""
    deadline = pd.Timestamp(warning["deadline"]).to_pydatetime()
    prefix = "处置：" if kind == "task" else "预警："
    return {"title": f"{prefix}{warning['title']}", "detail": f"{warning['detail']}。{warning['explanation']}",
            "department": warning["department"], "assignee": warning["assignee"],
            "deadline": deadline.strftime("%Y-%m-%dT%H:%M:%S+08:00"), "source_ref": warning["id"]}


def task_summary(tasks: pd.DataFrame, now: datetime) -> dict:
    """open, closed, overdue (counts) and mean_close_min (created → 评价反馈, minutes; None without closed tasks)."""
    if tasks.empty:
        return {"open": 0, "closed": 0, "overdue": 0, "mean_close_min": None}
    closed = tasks["stage"] == CLOSED_STAGE
    overdue = overdue_mask(tasks, now)
    durations = (pd.to_datetime(tasks.loc[closed, "closed_at"]) - pd.to_datetime(tasks.loc[closed, "created_at"]))
    mean = durations.dt.total_seconds().mean() / 60.0 if closed.any() else None
    return {"open": int((~closed).sum()), "closed": int(closed.sum()), "overdue": int(overdue.sum()),
            "mean_close_min": None if mean is None or mean != mean else float(mean)}


def overdue_mask(tasks: pd.DataFrame, now: datetime) -> pd.Series:
    deadline = pd.to_datetime(tasks["deadline"])
    return (tasks["stage"] != CLOSED_STAGE) & deadline.notna() & (deadline < pd.Timestamp(now))


def duty_summary(posts: pd.DataFrame, now: datetime) -> dict:
    """required, checked_in (人), rate (%, None without posts), short_posts (posts past their time still short)."""
    if posts.empty:
        return {"required": 0, "checked_in": 0, "rate": None, "short_posts": 0}
    req, got = int(posts["staff_required"].sum()), int(posts["staff_checked_in"].sum())
    due = pd.to_datetime(posts["planned_at"]) <= pd.Timestamp(now)
    short = int((due & (posts["staff_checked_in"] < posts["staff_required"])).sum())
    return {"required": req, "checked_in": got, "rate": 100.0 * got / req if req else None, "short_posts": short}
