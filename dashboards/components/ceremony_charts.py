"""Chart, map and compact-HTML builders of the 祭典在线 screen (stage stepper, venue heat view, crowd density with
thresholds and projection, staff, reach, opinion, shared items). Every upstream value put into HTML is escaped."""

from __future__ import annotations

import html
import json
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from dashboards.components import maps
from dashboards.components.panel import age_text
from dashboards.components.theme import GRID, MUTED, OK, SERIES, TEXT, WARNING, rgba
from data_access.ceremony_rules import DENSITY_CONTACT, DENSITY_DANGEROUS, stage_delay_min

CSS = """
<style>
.cer-steps { display: flex; gap: 6px; }
.cer-step { flex: 1 1 0; min-width: 0; background: #0F1F35; border: 1px solid #223A5C; border-radius: 6px;
            padding: 3px 6px; line-height: 1.3; overflow-wrap: anywhere; }
.cer-step .n { font-size: 1.0rem; font-weight: 800; }
.cer-step .t { font-size: 0.74rem; color: #8FA6C4; }
.cer-step.now { border: 2px solid #FFD60A; background: #2A2A10; }
.cer-step.done { opacity: 0.75; }
.cer-tbl { width: 100%; border-collapse: collapse; font-size: 0.82rem; line-height: 1.25; }
.cer-tbl th { color: #8FA6C4; font-weight: 600; text-align: left; padding: 1px 4px; border-bottom: 1px solid #223A5C; }
.cer-tbl td { padding: 1px 4px; border-bottom: 1px solid #15294A; overflow-wrap: anywhere; }
/* One line per row on the wall; tablets wrap rather than scroll sideways. */
.cer-tbl th { overflow-wrap: anywhere; }
@media (min-width: 1600px) { .cer-tbl td { white-space: nowrap; } }
@media (max-width: 1599px) { .cer-tbl { table-layout: fixed; } }
.cer-tbl td.r, .cer-tbl th.r { text-align: right; }
.cer-tbl td.wrap { white-space: normal; }
.cer-pred { color: #FFD60A; font-size: 0.75rem; border: 1px dashed #FFD60A; border-radius: 3px; padding: 0 3px; }
.cer-line { font-size: 0.85rem; line-height: 1.35; }
.cer-muted { color: #8FA6C4; }
.cer-shared { column-width: 12.5rem; column-gap: 10px; font-size: 0.74rem; line-height: 1.3; }
.cer-shared .g { break-inside: avoid; margin-bottom: 2px; }
.cer-shared .h { color: #64D2FF; font-weight: 700; }
.cer-shared .i { overflow-wrap: anywhere; }
.cer-shared .v { color: #E8F1FF; font-weight: 700; }
.cer-shared .a { color: #8FA6C4; font-size: 0.68rem; }
.cer-warn { border-left: 5px solid; padding: 1px 6px; margin: 0; line-height: 1.25; }
.cer-warn .ti { font-size: 0.95rem; font-weight: 800; }
.cer-warn .de { font-size: 0.76rem; color: #C9D6EA; }
.cer-warn .st { font-size: 0.74rem; color: #8FA6C4; }
.cer-big { font-size: 1.6rem; font-weight: 800; }
</style>
"""

DENSITY_STEPS = ((DENSITY_DANGEROUS, WARNING["红"]), (DENSITY_CONTACT, WARNING["橙"]), (2.0, WARNING["黄"]),
                 (0.43, "#2F9BFF"))


def esc(value) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and value != value) else str(value))


def density_colour(density: float | None) -> str:
    """Fruin bands: ≥5.55 red, ≥3.57 orange, ≥2 (flow slows) yellow, ≥0.43 blue, else green (free walking)."""
    if density is None or density != density:
        return MUTED
    for floor, colour in DENSITY_STEPS:
        if density >= floor:
            return colour
    return OK


def hm(value) -> str:
    return "—" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%H:%M}"


# --- stages ---------------------------------------------------------------------------------------------------

def stage_stepper(stages: pd.DataFrame, now: datetime, current_seq: int | None) -> str:
    cells = []
    for s in stages.itertuples(index=False):
        delay = stage_delay_min(s._asdict(), now)
        done = pd.notna(s.actual_end)
        state = "now" if s.seq == current_seq else ("done" if done else "")
        actual = f"实 {hm(s.actual_start)}" + (f"–{hm(s.actual_end)}" if done else "") if pd.notna(s.actual_start) \
            else "实 —"
        colour = WARNING["红"] if delay > 10 else WARNING["橙"] if delay > 5 else WARNING["黄"] if delay >= 1 else OK
        word = f"晚 {delay:.0f} 分" if delay >= 1 else "准点"
        late = f'<span style="color:{colour}">{word}</span>'
        if pd.isna(s.actual_start) and delay < 1:
            late = '<span class="cer-muted">待开始</span>'
        cells.append(
            f'<div class="cer-step {state}"><div class="n">{s.seq}. {esc(s.name)}</div>'
            f'<div class="t">计 {hm(s.planned_start)}–{hm(s.planned_end)}</div>'
            f'<div class="t">{actual}</div><div class="t">{late}</div></div>')
    return CSS + '<div class="cer-steps">' + "".join(cells) + "</div>"


# --- the venue ----------------------------------------------------------------------------------------------

def venue_deck(zones: pd.DataFrame, projection: pd.DataFrame, vehicles: pd.DataFrame | None = None) -> pdk.Deck:
    """E-fence zones as polygons coloured by density (and the vehicles near by), no basemap request (maps.deck)."""
    proj = projection.set_index("zone_id")["projected_density"] if not projection.empty else pd.Series(dtype=float)
    rows = []
    for z in zones.itertuples(index=False):
        colour = density_colour(z.density)
        rows.append({
            "polygon": json.loads(z.polygon), "name": z.name,
            "fill": rgba(colour, 200 if z.density == z.density and z.density >= DENSITY_CONTACT else 150),
            "line": rgba("#FFFFFF" if z.is_main else colour, 255),
            "density": "—" if z.density != z.density else f"{z.density:.2f}",
            "headcount": "—" if z.headcount != z.headcount else f"{int(z.headcount):,}",
            "projected": f"{proj[z.zone_id]:.2f}" if z.zone_id in proj.index else "—",
        })
    layer = pdk.Layer("PolygonLayer", rows, id="efence", get_polygon="polygon", get_fill_color="fill",
                      get_line_color="line", line_width_min_pixels=2, stroked=True, filled=True, pickable=True)
    lon, lat = float(zones["lon"].mean()), float(zones["lat"].mean())
    layers = [layer] + ([vehicle_layer(vehicles)] if vehicles is not None and not vehicles.empty else [])
    # One tooltip for both layers: fields a layer lacks stay blank.
    tooltip = {"html": "<b>{name}</b><br/>密度 {density} 人/m² · 人数 {headcount} 人<br/>15分钟预测 {projected} 人/m²"
                       "<br/>{department} {status}",
               "style": {"backgroundColor": "#0F1F35", "color": TEXT, "fontSize": "14px"}}
    return maps.deck(layers, lon=lon, lat=lat, zoom=14.2, tooltip=tooltip)


def zone_table(zones: pd.DataFrame, projection: pd.DataFrame) -> str:
    proj = projection.set_index("zone_id")["projected_density"] if not projection.empty else pd.Series(dtype=float)
    body = []
    for z in zones.itertuples(index=False):
        d = z.density
        c = density_colour(d)
        p = proj.get(z.zone_id)
        pc = density_colour(p)
        flow = "—" if z.inflow != z.inflow else f"{int(z.inflow)}/{int(z.outflow)}"
        body.append(
            f'<tr><td><span style="color:{c}">■</span> {esc(z.name)}</td>'
            f'<td class="r">{"—" if z.headcount != z.headcount else f"{int(z.headcount):,}"}</td>'
            f'<td class="r" style="color:{c};font-weight:800">{"—" if d != d else f"{d:.2f}"}</td>'
            f'<td class="r">{flow}</td>'
            f'<td class="r" style="color:{pc}">{"—" if p is None else f"{p:.2f}"}</td></tr>')
    return (CSS + '<table class="cer-tbl"><tr><th>区域</th><th class="r">人数(人)</th><th class="r">密度(人/m²)</th>'
            '<th class="r">进/出(人/分)</th><th class="r">预测15分</th></tr>' + "".join(body) + "</table>")


def density_figure(trend: pd.DataFrame, projection: pd.DataFrame, height: int) -> go.Figure:
    """Density per zone over the window, the Fruin thresholds, and a dashed 15-minute projection labelled 预测."""
    fig = go.Figure()
    order = trend.sort_values("is_main", ascending=False)["zone_id"].drop_duplicates().tolist()
    for i, zone_id in enumerate(order):
        g = trend[trend["zone_id"] == zone_id]
        main = bool(g["is_main"].iloc[0])
        colour = "#FFFFFF" if main else SERIES[i % len(SERIES)]
        fig.add_trace(go.Scatter(x=g["observed_at"], y=g["density"], mode="lines", name=str(g["name"].iloc[0]),
                                 line=dict(color=colour, width=4 if main else 1.6), legendgroup=zone_id,
                                 hovertemplate="%{x|%H:%M} %{y:.2f} 人/m²<extra>%{fullData.name}</extra>"))
        p = projection[projection["zone_id"] == zone_id]
        if not p.empty:
            r = p.iloc[0]
            fig.add_trace(go.Scatter(
                x=[r["last_at"], r["projected_at"]], y=[r["last_density"], r["projected_density"]],
                mode="lines+text" if main else "lines", line=dict(color=colour, width=3 if main else 1.4, dash="dot"),
                text=["", f"预测 {r['projected_density']:.2f}"], textposition="top left",
                textfont=dict(color=WARNING["黄"], size=14), showlegend=False, legendgroup=zone_id,
                hovertemplate="预测 %{x|%H:%M} %{y:.2f} 人/m²<extra></extra>"))
    for level, value, label in (("橙", DENSITY_CONTACT, "橙色 3.57 人/m² 被动接触"),
                                ("红", DENSITY_DANGEROUS, "红色 5.55 人/m² 危险挤压")):
        fig.add_hline(y=value, line=dict(color=WARNING[level], width=2, dash="dash"),
                      annotation=dict(text=label, font=dict(color=WARNING[level], size=13), xanchor="left", x=0),
                      annotation_position="top left")
    if not projection.empty:
        fig.add_vrect(x0=projection["last_at"].max(), x1=projection["projected_at"].max(),
                      fillcolor="rgba(255,214,10,0.08)", line_width=0,
                      annotation=dict(text="预测", font=dict(color=WARNING["黄"], size=13)),
                      annotation_position="top right")
    top = max(6.2, float(trend["density"].max() or 0) * 1.1, float(projection["projected_density"].max() or 0) * 1.1
              if not projection.empty else 0)
    fig.update_layout(height=height, margin=dict(l=6, r=6, t=6, b=4), yaxis=dict(title="人/m²", range=[0, top]),
                      legend=dict(orientation="h", y=1.0, yanchor="bottom", x=0, font=dict(size=12)),
                      xaxis=dict(tickformat="%H:%M"))
    return fig


# --- people, reach, opinion ---------------------------------------------------------------------------------

def posts_table(posts: pd.DataFrame, now: datetime, limit: int = 6) -> str:
    """Posts past their time and still short first (who is missing, since when), then the department rates."""
    due = pd.to_datetime(posts["planned_at"]) <= pd.Timestamp(now)
    short = posts[due & (posts["staff_checked_in"] < posts["staff_required"])]
    rows = [f'<tr><td>{esc(p.post)}</td><td>{esc(p.department)}</td>'
            f'<td class="r" style="color:{WARNING["橙"]};font-weight:800">{int(p.staff_checked_in)}/{int(p.staff_required)}</td>'
            f'<td class="wrap">{esc(p.missing_names) or "—"}</td><td class="r">{hm(p.planned_at)} 起</td></tr>'
            for p in short.head(limit).itertuples(index=False)]
    if not rows:
        rows = ['<tr><td colspan="5" style="color:#34C759">已到规定时间的岗位全部到岗</td></tr>']
    dept = posts.groupby("department")[["staff_required", "staff_checked_in"]].sum()
    dept = dept.assign(rate=100 * dept["staff_checked_in"] / dept["staff_required"]).sort_values("rate")
    chips = " ".join(
        f'<span style="color:{OK if r.rate >= 100 else WARNING["橙"]}">{esc(name)} {r.rate:.0f}%</span>'
        for name, r in dept.iterrows())
    return (CSS + '<table class="cer-tbl"><tr><th>缺岗岗位</th><th>部门</th><th class="r">到/应(人)</th><th>未到人员</th>'
            '<th class="r">缺岗自</th></tr>' + "".join(rows) + "</table>"
            f'<div class="cer-line" style="margin-top:3px;font-size:0.76rem">各部门到岗率：{chips}</div>')


def spark_figure(frame: pd.DataFrame, x: str, y: str, colour: str, height: int, unit: str) -> go.Figure:
    # A line needs two readings: the first minutes of a stream show their points instead of an empty chart.
    fig = go.Figure(go.Scatter(x=frame[x], y=frame[y], mode="lines" if len(frame) > 2 else "lines+markers",
                               line=dict(color=colour, width=2.5), marker=dict(size=8),
                               fill="tozeroy", fillcolor="rgba(47,155,255,0.12)",
                               hovertemplate=f"%{{x|%H:%M}} %{{y:,.1f}} {unit}<extra></extra>"))
    fig.update_layout(height=height, margin=dict(l=4, r=4, t=4, b=4), showlegend=False,
                      xaxis=dict(tickformat="%H:%M", nticks=4), yaxis=dict(nticks=3, gridcolor=GRID))
    return fig


def opinion_figure(buckets: pd.DataFrame, height: int) -> go.Figure:
    fig = go.Figure()
    for col, name, colour in (("positive", "正面", OK), ("neutral", "中性", MUTED), ("negative", "负面", WARNING["红"])):
        fig.add_trace(go.Bar(x=buckets["bucket"], y=buckets[col], name=name, marker_color=colour,
                             hovertemplate=f"%{{x|%H:%M}} {name} %{{y}} 条<extra></extra>"))
    fig.update_layout(barmode="stack", height=height, margin=dict(l=4, r=4, t=4, b=4),
                      legend=dict(orientation="h", y=1.0, yanchor="bottom", x=0, font=dict(size=11)),
                      xaxis=dict(tickformat="%H:%M", nticks=5), yaxis=dict(nticks=3, title="条/10分"))
    return fig


def opinion_list(items: pd.DataFrame, limit: int = 3) -> str:
    neg = items[items["label"] == "负面"].head(limit)
    if neg.empty:
        return '<div class="cer-line cer-muted">近期无负面舆情</div>'
    lines = "".join(
        f'<div class="cer-line"><span style="color:{WARNING["红"]}">负面 {o.sentiment:+.2f}</span> '
        f'{esc(o.title)} <span class="cer-muted">{esc(o.source)} {hm(o.published_at)}</span></div>'
        for o in neg.itertuples(index=False))
    return CSS + lines


def shared_items(items: pd.DataFrame, now: datetime) -> str:
    """The shared items grouped by source system, each with its value, unit and age (scenario time); an item's age
    is written beside it only where it differs from its group's, which the group header carries."""
    groups = []
    ages = (pd.Timestamp(now) - pd.to_datetime(items["updated_at"])).dt.total_seconds().map(lambda a: age_text(a, compact=True))
    for system, g in items.assign(age=ages).groupby("source_system", sort=False):
        common = g["age"].mode().iloc[0]
        cells = []
        for it in g.itertuples(index=False):
            value = it.value
            try:
                number = float(value)
                value = f"{number:,.0f}" if number.is_integer() and abs(number) >= 1000 else value
            except (TypeError, ValueError):
                pass
            own = f' <span class="a">{esc(it.age)}</span>' if it.age != common else ""
            cells.append(f'<div class="i">{esc(it.name)} <span class="v">{esc(value)}</span>{esc(it.unit)}{own}</div>')
        groups.append(f'<div class="g"><div class="h">{esc(system)} <span class="a">{len(g)}项 · {esc(common)}</span></div>'
                      f'{"".join(cells)}</div>')
    return CSS + '<div class="cer-shared">' + "".join(groups) + "</div>"


def spots_table(spots: pd.DataFrame, limit: int = 4) -> str:
    rows = []
    for s in spots.head(limit).itertuples(index=False):
        share = s.parking_used / s.parking_capacity if s.parking_capacity else 0
        colour = WARNING["红"] if share >= 0.95 else WARNING["黄"] if share >= 0.8 else OK
        rows.append(f'<tr><td>{esc(s.spot_name)}</td><td class="r">{int(s.visitors):,}</td>'
                    f'<td class="r" style="color:{colour}">{int(s.parking_used)}/{int(s.parking_capacity)}</td></tr>')
    return ('<table class="cer-tbl"><tr><th>景点</th><th class="r">在园(人)</th><th class="r">车位 用/总(个)</th></tr>'
            + "".join(rows) + "</table>")


def vehicle_layer(vehicles: pd.DataFrame) -> pdk.Layer:
    colours = {"出车": WARNING["黄"], "待命": OK, "返回": "#64D2FF"}
    rows = [{"lon": v.lon, "lat": v.lat, "name": f"{v.plate} {v.kind}", "status": v.status, "department": v.department,
             "fill": rgba(colours.get(v.status, MUTED), 230)} for v in vehicles.itertuples(index=False)]
    return pdk.Layer("ScatterplotLayer", rows, id="vehicles", get_position=["lon", "lat"], get_fill_color="fill",
                     get_radius=18, radius_min_pixels=5, radius_max_pixels=9, pickable=True,
                     get_line_color=[7, 17, 31, 255], stroked=True, line_width_min_pixels=1)
