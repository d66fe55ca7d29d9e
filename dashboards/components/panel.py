"""A screen panel: a self-refreshing fragment with a title, its data's age, and an error boundary.

Every panel reads one pinned snapshot per refresh; if its query fails the panel says so in
Chinese and retries on the next refresh, and the rest of the screen keeps working.
"""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable, Sequence
from datetime import timedelta

import streamlit as st

from dashboards import data
from data_access import feeds, queries

log = logging.getLogger(__name__)


def age_text(seconds: float | None, compact: bool = False) -> str:
    """'12 秒前', '5 分钟前', '1.5 小时前'; compact ('12秒前', '5分前') for dense tables."""
    if seconds is None or seconds != seconds:  # None or NaN: never loaded
        return "—" if compact else "从未加载"
    seconds = max(0.0, seconds)
    sec, minute, hour, day = ("秒前", "分前", "时前", "天前") if compact else (" 秒前", " 分钟前", " 小时前", " 天前")
    if seconds < 60:
        return f"{int(seconds)}{sec}"
    if seconds < 3600:
        return f"{int(seconds // 60)}{minute}"
    if seconds < 86400:
        return f"{seconds / 3600:.1f}{hour}"
    return f"{seconds / 86400:.1f}{day}"


def freshness_html(sources: Sequence[str]) -> str:
    """The age of the oldest of these feeds, and a warning naming any stale one (HTML, escaped)."""
    status = feeds.with_age(data.load(feeds.feed_status))
    mine = status[status["source"].isin(list(sources))]
    if mine.empty:
        return ""
    oldest = mine["age_s"].max() if mine["age_s"].notna().all() else None
    if len(mine) <= 3:
        names = "、".join(mine["title"])
    else:  # the age shown is the oldest feed's: name it, so it is not read as the age of the whole panel
        names = f"{len(mine)} 个数据源" + (f"，最旧为{mine.loc[mine['age_s'].idxmax(), 'title']}" if oldest is not None else "")
    line = f'<span class="jy-age">更新于 {age_text(oldest)} · {html.escape(names)}</span>'
    stale = mine[mine["stale"]]
    if not stale.empty:
        detail = "、".join(f"{t}（{age_text(a)}）" for t, a in zip(stale["title"], stale["age_s"], strict=True))
        line += f' <span class="jy-stale">⚠ 数据过期：{html.escape(detail)}</span>'
    return line


def panel(title: str, sources: Sequence[str], run_every: float | timedelta | None = None,
          key: str | None = None) -> Callable:
    """Decorate a function that draws a panel's body; it refreshes every `run_every` seconds."""

    def decorate(body: Callable) -> Callable:
        @st.fragment(run_every=run_every)
        @functools.wraps(body)
        def render(*args, **kwargs):
            with st.container(border=True, key=key or f"panel_{body.__name__}"):
                try:
                    with queries.pinned():
                        st.html(f'<div class="jy-ph"><span class="jy-pt">{html.escape(title)}</span>'
                                f"{freshness_html(sources)}</div>")
                        body(*args, **kwargs)
                except queries.NoSnapshot:
                    st.info("数据尚未就绪：正在完成首次加载，稍后自动刷新。")
                except Exception:  # noqa: BLE001 - a panel never shows a stack trace; it retries next refresh
                    log.exception("panel %s failed", title)
                    st.warning(f"{title}：数据暂时无法读取，已记录，下次刷新自动重试。")

        return render

    return decorate
