"""The closed loop on the 祭典在线 screen: warning rows with one-tap 生成任务 / 预警下达 for commanders, the
state of each warning's task, the task counters and the audit log. Viewers get the same rows without a control."""

from __future__ import annotations

import logging
from datetime import datetime

import pandas as pd
import streamlit as st

from dashboards.components.ceremony_charts import CSS, esc, hm
from dashboards.components.theme import MUTED, OK, WARNING
from data_access import ceremony
from data_access.ceremony_rules import LOOP_STAGES, command_key, command_payload

log = logging.getLogger(__name__)

COMMANDERS = ("commander", "admin")
OUTBOX_TEXT = {"pending": "待送达协同处置系统", "delivered": "已送达", "failed": "送达失败"}
ACTIONS = (("task", "生成任务", ":material/assignment_add:"), ("warning", "预警下达", ":material/campaign:"))


def _loop_state(warning_id: str, tasks: pd.DataFrame, outbox: pd.DataFrame, keys: list[str]) -> str:
    """Where this warning stands in 预警 → 任务生成 → 协同处置 → 评价反馈, from the tasks table, else the outbox."""
    mine = tasks[tasks["source_ref"] == warning_id] if not tasks.empty else tasks
    if not mine.empty:
        t = mine.iloc[0]
        steps = " → ".join(f'<b style="color:{OK}">{s}</b>' if s == t["stage"] else s for s in LOOP_STAGES)
        return f"{esc(t['id'])} {steps}（{esc(t['department'])}，时限 {hm(t['deadline'])}）"
    queued = outbox[outbox["idempotency_key"].isin(keys)] if not outbox.empty else outbox
    if not queued.empty:
        q = queued.iloc[0]
        note = f"，{esc(q['last_error'])[:40]}" if q["status"] != "delivered" and isinstance(q["last_error"], str) else ""
        return f'<span style="color:{WARNING["黄"]}">指令{OUTBOX_TEXT.get(q["status"], esc(q["status"]))}{note}</span>'
    return "待处置"


def _issue(kind: str, warning: dict, user: str, role: str, key: str) -> None:
    try:
        row = ceremony.issue(kind, command_payload(warning, kind), user, role, key)
    except (ValueError, PermissionError) as exc:
        st.toast(f"指令未发出：{exc}", icon=":material/error:")
        return
    except Exception:  # noqa: BLE001 - a full disk or locked file must not take the screen down
        log.exception("enqueue failed")
        st.toast("指令未发出：指令队列暂时不可用，请重试。", icon=":material/error:")
        return
    label = "任务" if kind == "task" else "预警"
    st.toast(f"{label}已进入指令队列（{OUTBOX_TEXT.get(row['status'], row['status'])}），同一预警重复点击只生成一条。",
             icon=":material/check_circle:")


def warning_rows(warnings: pd.DataFrame, tasks: pd.DataFrame, outbox: pd.DataFrame, role: str, user: str) -> None:
    """One row per warning; commanders also get the two one-tap controls (keys cer_task_<id>, cer_warning_<id>)."""
    st.html(CSS)
    if warnings.empty:
        st.html(f'<div class="cer-line" style="color:{OK}">当前无预警：各项指标均在规则阈值内。</div>')
        return
    can_command = role in COMMANDERS and bool(user)
    for w in warnings.to_dict("records"):
        keys = {kind: command_key(w["id"], kind, user or "-") for kind, _, _ in ACTIONS}
        for kind, key in keys.items():  # made when the control is drawn, kept for the session: a double tap reuses it
            st.session_state.setdefault(f"cer_key_{kind}_{w['id']}", key)
        colour = WARNING.get(w["level"], MUTED)
        tag = ' <span class="cer-pred">预测</span>' if w["projected"] else ""
        state = _loop_state(w["id"], tasks, outbox, list(keys.values()))
        body = (f'<div class="cer-warn" style="border-color:{colour}" title="{esc(w["explanation"])}">'
                f'<span class="ti" style="color:{colour}">{esc(w["level"])}·{esc(w["name"])}</span>{tag} '
                f'<span class="ti">{esc(w["title"])}</span><br/><span class="de">{esc(w["detail"])}</span><br/>'
                f'<span class="st">{state}</span></div>')
        if not can_command:
            st.html(body)
            continue
        text, *buttons = st.columns([6, 2, 2], vertical_alignment="center", gap="small")
        text.html(body)
        for col, (kind, label, icon) in zip(buttons, ACTIONS, strict=True):
            if col.button(label, key=f"cer_{kind}_{w['id']}", icon=icon, width="stretch",
                          type="primary" if kind == "task" else "secondary",
                          help=f"{w['department']} · {w['assignee']} · 时限 {hm(w['deadline'])}"):
                _issue(kind, w, user, role, st.session_state[f"cer_key_{kind}_{w['id']}"])


def task_table(tasks: pd.DataFrame, overdue: pd.Series, limit: int = 5) -> str:
    if tasks.empty:
        return '<div class="cer-line cer-muted">今日暂无协同处置任务。</div>'
    rows = []
    for t, late in zip(tasks.head(limit).itertuples(index=False), overdue.head(limit), strict=True):
        colour = OK if t.stage == "评价反馈" else (WARNING["红"] if late else WARNING["黄"])
        kind = "预警" if t.kind == "warning" else "任务"
        rows.append(f'<tr><td>{kind}</td><td>{esc(t.title)}</td><td>{esc(t.department)}</td>'
                    f'<td style="color:{colour};font-weight:700">{esc(t.stage)}{"（超时）" if late else ""}</td>'
                    f'<td class="r">{hm(t.created_at)}/{hm(t.generated_at)}/{hm(t.handling_at)}/{hm(t.closed_at)}</td></tr>')
    return (CSS + '<table class="cer-tbl"><tr><th>类</th><th>事项</th><th>部门</th><th>环节</th>'
            '<th class="r">预警/生成/处置/反馈</th></tr>' + "".join(rows) + "</table>")


def audit_popover(role: str) -> None:
    """Commanders only: every command with who, what, when (Beijing time) and result."""
    if role not in COMMANDERS:
        return
    with st.popover("审计日志", icon=":material/history:", key="cer_audit"):
        log_rows = ceremony.audit(50)
        if log_rows.empty:
            st.caption("暂无指令记录。")
            return
        shown = log_rows.assign(时间=log_rows["at"].dt.tz_convert("Asia/Shanghai").dt.strftime("%m-%d %H:%M:%S"))
        st.dataframe(shown[["时间", "actor", "role", "action", "result"]].rename(
            columns={"actor": "操作人", "role": "角色", "action": "指令", "result": "结果"}),
            hide_index=True, height=320, width=760, key="cer_audit_table")


def now_text(now: datetime | None) -> str:
    return "—" if now is None else f"{now:%H:%M}"
