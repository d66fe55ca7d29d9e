"""数据接入: is every upstream feed arriving, how old is its data, and what did it reject?"""

import streamlit as st

from dashboards import data
from dashboards.components.kpi import tiles
from dashboards.components.panel import age_text, panel
from dashboards.components.theme import OFF, OK, WARNING
from data_access import feeds
from data_access.sources import SYSTEMS

STATUS_TEXT = {"ok": "正常", "partial": "部分异常", "failed": "失败", "never": "从未加载"}
ALL = [s.key for s in SYSTEMS]


@panel("上游系统接入状态", ALL, run_every=5, key="data_feeds")
def feeds_panel() -> None:
    status = feeds.with_age(data.load(feeds.feed_status))
    fresh = int((~status["stale"]).sum())
    tiles([
        {"label": "上游系统", "value": len(status), "unit": "个"},
        {"label": "数据新鲜", "value": fresh, "unit": "个", "colour": OK},
        {"label": "数据过期", "value": len(status) - fresh, "unit": "个",
         "colour": WARNING["红"] if fresh < len(status) else OFF},
        {"label": "近1小时失败轮次", "value": int(status["failed"].sum()), "unit": "次"},
        {"label": "近1小时隔离记录", "value": int(status["quarantined"].sum()), "unit": "条"},
    ])
    table = status.assign(
        状态=[("过期" if s else "新鲜") for s in status["stale"]],
        最近成功=[age_text(a) for a in status["age_s"]],
        上轮结果=status["last_status"].map(STATUS_TEXT),
        刷新周期=status["interval_s"].map(lambda s: f"{s} 秒"),
    )[["title", "状态", "最近成功", "刷新周期", "上轮结果", "last_rows", "runs", "failed", "quarantined"]]
    table = table.rename(columns={"title": "系统", "last_rows": "上轮行数（行）", "runs": "近1小时轮次（次）",
                                  "failed": "近1小时失败（次）", "quarantined": "近1小时隔离（条）"})
    st.dataframe(
        table.style.map(lambda v: f"color: {WARNING['红'] if v == '过期' else OK}; font-weight: 700", subset=["状态"]),
        hide_index=True, width="stretch", height=36 * (len(table) + 1) + 4, key="data_feed_table",
    )


@panel("最近隔离的上游记录", ALL, run_every=10, key="data_quarantine")
def quarantine_panel() -> None:
    rows = data.load(feeds.recent_quarantine, 12)
    if rows.empty:
        st.success("没有被隔离的记录：上游数据全部通过校验。")
        return
    rows = rows.assign(系统=rows["source"].map(feeds.title_of))
    st.dataframe(
        rows[["received_at", "系统", "resource", "reason"]].rename(
            columns={"received_at": "接收时间（UTC）", "resource": "资源", "reason": "隔离原因"}),
        hide_index=True, width="stretch", height=36 * 13 + 4, key="data_quarantine_table",
    )


left, right = st.columns([3, 2])
with left:
    feeds_panel()
with right:
    quarantine_panel()
