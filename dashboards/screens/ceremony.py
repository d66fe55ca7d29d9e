"""祭典在线: is the Yellow Emperor ceremony at 仙都 on schedule and is its crowd safe — which warnings are open, who
is handling them, and are staff, reach, opinion, vehicles and visitors where they should be?

One screen at 1920×1080: stages and key figures on top; the venue heat view, the crowd density against the Fruin
thresholds with its 15-minute projection (预测), and the warnings with their closed loop in the middle; staff on
duty, live-stream reach, opinion, vehicles and tourism, and the 30 shared items below. Commanders (signed in) get
one-tap 生成任务 / 预警下达 on every warning; the wall (viewer) gets no control at all.
"""

from datetime import datetime

import streamlit as st

from dashboards import data
from dashboards.components import ceremony_charts as charts
from dashboards.components import ceremony_commands as loop
from dashboards.components.kpi import tiles
from dashboards.components.panel import panel
from dashboards.components.signin import current_role, current_user
from dashboards.components.theme import MUTED, OK, WARNING, wrap_columns
from data_access import ceremony, ceremony_rules, feeds

PLOT = {"displayModeBar": False}
# Tablets: rows of four to seven panels wrap into two or three per row (vertical scroll only) and the KPI tiles
# wrap instead of squeezing their labels; the wall (1920 and wider) keeps the one-screen layout.
TABLET_CSS = "<style>" + "\n".join([
    wrap_columns("cer_row_top", {1300: "100%"}),
    wrap_columns("cer_row_mid", {1300: "calc(50% - 1rem)", 900: "100%"}),
    wrap_columns("cer_row_low", {1300: "calc(50% - 1rem)", 900: "100%"}),
    wrap_columns("cer_kpis", {1300: "22%", 900: "30%"}, nested=True),
]) + "</style>"


def scenario_now() -> datetime:
    now = data.load(feeds.clock).scenario_time
    if now is None:
        raise RuntimeError("no scenario clock loaded yet")
    return now


def opinion_buckets(now: datetime):
    # The buckets the opinion-spike rule judges, so the chart shows what raised (or did not raise) the warning.
    return data.load(ceremony.opinion_buckets, now, bucket_min=ceremony_rules.RULES["opinion_spike"].params["bucket_min"])


def projection(now: datetime):
    """The 15-minute density projection of every zone, from the same cached trend the density chart draws."""
    return data.load(ceremony_rules.project_density, data.load(ceremony.zone_trend, now))


def open_warnings(now: datetime):
    """Every warning the rules raise at `now`, from the panels' own cached inputs (one query each per snapshot)."""
    return data.load(ceremony_rules.evaluate, now, data.load(ceremony.zones_now, now), projection(now),
                     data.load(ceremony.duty_posts), opinion_buckets(now), data.load(ceremony.stages))


@panel("祭典仪程（计划 / 实际）", ["cowork"], run_every=10, key="cer_stages")
def stages_panel() -> None:
    now = scenario_now()
    stages = data.load(ceremony.stages)
    if stages.empty:
        st.html('<div class="cer-line cer-muted">今日无祭典仪程安排。</div>')
        return
    cur = ceremony_rules.current_stage(stages, now)
    st.html(charts.stage_stepper(stages, now, cur["seq"] if cur and cur["state"] != "已结束" else None))


@panel("关键指标", ["efence", "checkin", "livestream", "cowork"], run_every=10, key="cer_kpis")
def kpi_panel() -> None:
    now = scenario_now()
    zones = data.load(ceremony.zones_now, now)
    main = zones[zones["is_main"]].iloc[0] if zones["is_main"].any() else None
    duty = ceremony_rules.duty_summary(data.load(ceremony.duty_posts), now)
    live = data.load(ceremony.livestream, now)  # the live panel's window: its last minute is the figure
    cur = ceremony_rules.current_stage(data.load(ceremony.stages), now)
    warnings = open_warnings(now)
    delay = cur["delay_min"] if cur else None
    d = None if main is None else main["density"]
    rate, n = duty["rate"], len(warnings)
    worst = warnings["level"].iloc[0] if n else None
    tiles([
        {"label": "仪程延误", "value": delay, "unit": "分钟", "note": cur["name"] if cur else "今日无仪程",
         "colour": WARNING["橙"] if delay and delay > 5 else None},
        {"label": "核心区密度", "value": d, "unit": "人/m²", "colour": charts.density_colour(d), "digits": 2,
         "note": "橙3.57 红5.55"},
        {"label": "核心区人数", "value": None if main is None else main["headcount"], "unit": "人",
         "note": "" if main is None else f"进{int(main['inflow'])} 出{int(main['outflow'])}/分"},
        {"label": "景区在场", "value": zones["headcount"].sum(min_count=1) / 1e4, "unit": "万人", "digits": 2,
         "note": f"{len(zones)}个围栏区"},
        {"label": "到岗率", "value": rate, "unit": "%", "digits": 1,
         "colour": OK if rate is not None and rate >= 100 else WARNING["黄"],
         "note": f"{duty['checked_in']}/{duty['required']}人"},
        {"label": "直播观看", "value": None if live.empty else live["viewers"].iloc[-1] / 1e4, "unit": "万人",
         "digits": 1, "note": "" if live.empty else f"指数 {live['reach_index'].iloc[-1]:.1f}"},
        {"label": "活动预警", "value": n, "unit": "条", "colour": WARNING.get(worst, OK), "note": "规则研判"},
    ])


@panel("会场热力（电子围栏 · 公车位置）", ["efence", "fleet"], run_every=10, key="cer_venue")
def venue_panel() -> None:
    now = scenario_now()
    zones = data.load(ceremony.zones_now, now)
    projected = projection(now)
    deck = charts.venue_deck(zones, projected, data.load(ceremony.vehicles))
    st.pydeck_chart(deck, key="cer_venue_map", height=236)
    st.html(charts.zone_table(zones, projected))


@panel("人群密度趋势与 15 分钟预测", ["efence"], run_every=10, key="cer_density")
def density_panel() -> None:
    now = scenario_now()
    trend = data.load(ceremony.zone_trend, now)
    if trend.empty:
        st.html('<div class="cer-line cer-muted">电子围栏暂无计数。</div>')
        return
    fig = charts.density_figure(trend, projection(now), height=384)
    st.plotly_chart(fig, key="cer_density_chart", config=PLOT)


@panel("智能预警与一键处置", ["efence", "checkin", "opinion", "cowork"], run_every=10, key="cer_warnings")
def warnings_panel(role: str, user: str) -> None:
    now = scenario_now()
    warnings = open_warnings(now)
    tasks = data.load(ceremony.tasks, now.replace(hour=0, minute=0, second=0, microsecond=0))
    outbox = ceremony.outbox() if role in loop.COMMANDERS else None
    with st.container(height=262, border=False, key="cer_warning_list"):
        loop.warning_rows(warnings, tasks, outbox if outbox is not None else tasks.iloc[0:0], role, user)


@panel("任务闭环（协同处置）", ["cowork"], run_every=10, key="cer_tasks")
def tasks_panel(role: str) -> None:
    now = scenario_now()
    tasks = data.load(ceremony.tasks, now.replace(hour=0, minute=0, second=0, microsecond=0))
    s = ceremony_rules.task_summary(tasks, now)
    overdue = ceremony_rules.overdue_mask(tasks, now) if not tasks.empty else None
    mean = "—" if s["mean_close_min"] is None else f"{s['mean_close_min']:.0f}"
    st.html(
        charts.CSS + '<div class="cer-line">'
        f'未闭环 <span class="cer-big" style="color:{WARNING["黄"]}">{s["open"]}</span> 件　'
        f'已闭环 <span class="cer-big" style="color:{OK}">{s["closed"]}</span> 件　'
        f'平均闭环 <span class="cer-big">{mean}</span> 分钟　'
        f'超时 <span class="cer-big" style="color:{WARNING["红"] if s["overdue"] else MUTED}">{s["overdue"]}</span> 件</div>')
    st.html(loop.task_table(tasks, overdue if overdue is not None else tasks["stage"], limit=4))
    loop.audit_popover(role)


@panel("岗位到岗（到岗签到）", ["checkin"], run_every=15, key="cer_duty")
def duty_panel() -> None:
    now = scenario_now()
    posts = data.load(ceremony.duty_posts)
    if posts.empty:
        st.html('<div class="cer-line cer-muted">今日无祭典岗位排班。</div>')
        return
    st.html(charts.posts_table(posts, now, limit=3))


@panel("直播传播指数", ["livestream"], run_every=15, key="cer_live")
def live_panel() -> None:
    now = scenario_now()
    live = data.load(ceremony.livestream, now)
    if live.empty:
        st.html('<div class="cer-line cer-muted">直播未开始。</div>')
        return
    last = live.iloc[-1]
    # Each figure stays with its label: a narrow panel wraps between the two, not inside one.
    st.html(charts.CSS + '<div class="cer-line"><span style="white-space:nowrap">观看 '
            f'<span class="cer-big">{int(last["viewers"]):,}</span> 人</span>　<span style="white-space:nowrap">'
            f'指数 <span class="cer-big" style="color:#64D2FF">{last["reach_index"]:.1f}</span></span><br/>'
            f'分享 {int(last["shares"]):,} 次 · 点赞 {int(last["likes"]):,} 次</div>')
    st.plotly_chart(charts.spark_figure(live, "observed_at", "reach_index", "#64D2FF", 118, "指数"),
                    key="cer_live_chart", config=PLOT)


@panel("舆情（中青华云）", ["opinion"], run_every=30, key="cer_opinion")
def opinion_panel() -> None:
    now = scenario_now()
    buckets = opinion_buckets(now)
    items = data.load(ceremony.opinion_items, now, 40)
    spike = ceremony_rules.opinion_spike(buckets, now)
    neg = int(buckets["negative"].sum()) if not buckets.empty else 0
    flag = (f'<span style="color:{WARNING["橙"]};font-weight:800">⚠ 负面激增</span>' if spike
            else f'<span style="color:{OK}">平稳</span>')
    st.html(charts.CSS + f'<div class="cer-line">近2小时 {int(buckets["total"].sum()) if not buckets.empty else 0} 条 · '
            f'负面 <b style="color:{WARNING["红"]}">{neg}</b> 条 · {flag}</div>')
    if not buckets.empty:
        st.plotly_chart(charts.opinion_figure(buckets, 112), key="cer_opinion_chart", config=PLOT)
    st.html(charts.opinion_list(items, 1))


@panel("公车调度 · 智慧文旅", ["fleet", "tourism"], run_every=30, key="cer_fleet")
def fleet_panel() -> None:
    now = scenario_now()
    veh = data.load(ceremony.vehicles)
    spots = data.load(ceremony.tourism_now, now)
    counts = veh["status"].value_counts()
    st.html(charts.CSS + '<div class="cer-line">' + "　".join(
        f'{s} <span class="cer-big" style="color:{c}">{int(counts.get(s, 0))}</span> 辆'
        for s, c in (("出车", WARNING["黄"]), ("待命", OK), ("返回", "#64D2FF"))) + "</div>")
    if spots.empty:
        return
    free = int((spots["parking_capacity"] - spots["parking_used"]).sum())
    st.html(charts.CSS + f'<div class="cer-line">在园 <b>{int(spots["visitors"].sum()):,}</b> 人 · '
            f'门票 <b>{int(spots["tickets"].sum()):,}</b> 张 · 车位余 <b>{free:,}</b> 个</div>'
            + charts.spots_table(spots, 3))


@panel("共享数据项（按来源系统）", ["cowork"], run_every=30, key="cer_shared")
def shared_panel() -> None:
    now = scenario_now()
    items = data.load(ceremony.shared_items)
    st.html(charts.shared_items(items, now))


role, user = current_role(), current_user()
st.html(TABLET_CSS)
with st.container(key="cer_row_top"):
    top_left, top_right = st.columns([6.2, 7])
    with top_left:
        stages_panel()
    with top_right:
        kpi_panel()
with st.container(key="cer_row_mid"):
    venue, density, right = st.columns([4, 5, 4.4])
    with venue:
        venue_panel()
    with density:
        density_panel()
    with right:
        warnings_panel(role, user)
        tasks_panel(role)
with st.container(key="cer_row_low"):
    duty, live, opinion, fleet, shared = st.columns([3.2, 1.9, 2.4, 2.5, 5])
    with duty:
        duty_panel()
    with live:
        live_panel()
    with opinion:
        opinion_panel()
    with fleet:
        fleet_panel()
    with shared:
        shared_panel()
