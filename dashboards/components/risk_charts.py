"""Chart, map and tile builders of the 风险研判 screen: bodies by dynamic level, transfers per township,
the response-level badge, and a tile grid that wraps on tablets."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

from dashboards.components.kpi import fmt
from dashboards.components.maps import deck
from dashboards.components.theme import LEVEL, LEVEL_NAME, MUTED, OFF, OK, RISK, TEXT, WARNING, rgba

LEVEL_ORDER = ("高", "较高", "较低", "低")


def inject_css() -> None:
    """The screen's own styles, once per page run (fragments keep them)."""
    st.html(TILE_GRID_CSS)

# A grid of .jy-tile that puts as many tiles on a row as fit (all ten on a wall, two rows on a tablet).
TILE_GRID_CSS = """
<style>
.jy-risk-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(9.6rem, 1fr)); gap: 0.4rem; }
.jy-risk-grid .jy-tile { min-width: 0; }
.jy-risk-grid .jy-tile .v { font-size: 1.85rem; }
.jy-risk-legend { display: flex; flex-wrap: wrap; gap: 0.9rem; font-size: 0.95rem; color: #E8F1FF; }
.jy-risk-legend i { display: inline-block; width: 0.9rem; height: 0.9rem; border-radius: 50%; margin-right: 0.3rem;
                    vertical-align: -0.1rem; }
.jy-risk-badge { border-radius: 8px; padding: 0.4rem 0.8rem; font-weight: 800; font-size: 1.7rem; text-align: center; }
.jy-risk-note { color: #8FA6C4; font-size: 0.85rem; line-height: 1.35; }
</style>
"""


def tile_grid_html(items: list[dict]) -> str:
    """Tiles as one HTML grid; each dict: label, value, unit, optional colour and note (all escaped)."""
    cells = []
    for it in items:
        value = it["value"]
        shown = value if isinstance(value, str) else fmt(value)
        note = f'<div class="l">{html.escape(it["note"])}</div>' if it.get("note") else ""
        cells.append(
            f'<div class="jy-tile"><div class="l">{html.escape(it["label"])}</div>'
            f'<span class="v" style="color:{it.get("colour") or TEXT}">{html.escape(shown)}</span>'
            f'<span class="u">{html.escape(it.get("unit", ""))}</span>{note}</div>')
    return '<div class="jy-risk-grid">' + "".join(cells) + "</div>"


def legend_html(counts: dict[str, int]) -> str:
    """Colour legend of the four levels with the number of bodies at each."""
    parts = [f'<span><i style="background:{RISK[lv]}"></i>{lv}风险 {counts.get(lv, 0)} 个</span>'
             for lv in LEVEL_ORDER]
    return '<div class="jy-risk-legend">' + "".join(parts) + "</div>"


def risk_map(bodies: pd.DataFrame) -> pdk.Deck:
    """Bodies as dots coloured by dynamic level, the higher levels drawn on top and larger."""
    df = bodies.assign(
        colour=bodies["level"].map(lambda lv: rgba(RISK[lv], 230)),
        radius=bodies["level"].map({"高": 900, "较高": 700, "较低": 500, "低": 400}),  # metres
        kind_text=bodies.get("kind_text", bodies["kind"]),
        score=bodies["dynamic_score"].round(2),
    ).sort_values("level_rank", ascending=False)
    cols = ["name", "kind_text", "risk_list", "township", "level", "score", "main_hazard", "lon", "lat",
            "colour", "radius"]
    layer = pdk.Layer(
        "ScatterplotLayer", df[cols].to_dict("records"), id="risk_bodies", get_position=["lon", "lat"], get_fill_color="colour",
        get_radius="radius", radius_min_pixels=4, radius_max_pixels=14, stroked=True, get_line_color=[7, 17, 31, 255],
        line_width_min_pixels=1, pickable=True,
    )
    tooltip = {"html": "<b>{name}</b>（{kind_text}）<br/>{risk_list}清单 · {township}<br/>"
                       "风险：{level}（{score}）<br/>主要致灾因子：{main_hazard}",
               "style": {"fontSize": "15px"}}
    return deck([layer], zoom=9.3, tooltip=tooltip)


def transfer_bars(by_township: pd.DataFrame, height: int) -> go.Figure:
    """应转 / 已转 / 在安置 per township (townships with anyone ordered to move, or the top ones)."""
    df = by_township[by_township["ordered"] > 0]
    if df.empty:
        df = by_township.head(8)
    df = df.sort_values("ordered")
    fig = go.Figure()
    for col, name, colour in (("ordered", "应转", WARNING["橙"]), ("transferred", "已转", OK),
                              ("sheltered", "在安置", WARNING["蓝"])):
        fig.add_bar(y=df["township"], x=df[col], name=name, orientation="h", marker_color=colour,
                    text=df[col], textposition="outside", cliponaxis=False,
                    hovertemplate="%{y} " + name + "：%{x} 人<extra></extra>")
    fig.update_layout(barmode="group", height=height, xaxis_title="人", bargap=0.25, bargroupgap=0.05,
                      legend=dict(orientation="h", y=1.02, x=0, yanchor="bottom"),
                      margin=dict(l=8, r=40, t=30, b=8), font=dict(size=15))
    return fig


def response_badge_html(level: int | None, since: str, office: bool) -> str:
    """The current response level as a big coloured badge, with the integrated-office status under it."""
    if level is None:
        badge = f'<div class="jy-risk-badge" style="border:2px solid {OFF};color:{OFF}">未启动应急响应</div>'
    else:
        colour = LEVEL[level]
        badge = (f'<div class="jy-risk-badge" style="border:2px solid {colour};color:{colour}">'
                 f'防台风 {LEVEL_NAME[level]} 应急响应</div>')
    office_text = ("集中办公：已启动（Ⅲ级及以上响应，成员单位入驻县防指）" if office
                   else "集中办公：未启动（Ⅲ级及以上响应时成员单位入驻县防指）")
    office_colour = OK if office else MUTED
    return (badge
            + f'<div class="jy-risk-note" style="margin-top:0.3rem">{html.escape(since)}</div>'
            + f'<div style="color:{office_colour};font-weight:700;font-size:1.05rem;margin-top:0.2rem">'
            + html.escape(office_text) + "</div>")
