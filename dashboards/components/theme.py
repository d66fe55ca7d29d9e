"""The shared palette and styles: one colour per level (Ⅳ..Ⅰ, 蓝黄橙红), used by every chart and map."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

BG = "#07111F"
PANEL = "#0F1F35"
TEXT = "#E8F1FF"
MUTED = "#8FA6C4"
GRID = "#223A5C"
# Warning colours read on a dark wall from 10 m: saturated, distinct in luminance as well as hue.
WARNING = {"蓝": "#2F9BFF", "黄": "#FFD60A", "橙": "#FF8C1A", "红": "#FF3B30"}
LEVEL = {4: WARNING["蓝"], 3: WARNING["黄"], 2: WARNING["橙"], 1: WARNING["红"]}
LEVEL_NAME = {4: "Ⅳ级", 3: "Ⅲ级", 2: "Ⅱ级", 1: "Ⅰ级"}
RISK = {"低": WARNING["蓝"], "较低": WARNING["黄"], "较高": WARNING["橙"], "高": WARNING["红"]}
OK = "#34C759"
OFF = "#8E8E93"
STATUS = {"online": OK, "offline": OFF, "alarm": WARNING["红"]}
SERIES = ["#2F9BFF", "#34C759", "#FFD60A", "#FF8C1A", "#BF5AF2", "#64D2FF", "#FF375F", "#AC8E68"]


def rgba(hex_colour: str, alpha: int = 255) -> list[int]:
    """[r, g, b, a] for pydeck layers."""
    h = hex_colour.lstrip("#")
    return [int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), alpha]


def _plotly_template() -> go.layout.Template:
    return go.layout.Template(layout=go.Layout(
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
        font=dict(family="Noto Sans CJK SC, Microsoft YaHei, sans-serif", color=TEXT, size=14),
        colorway=SERIES, margin=dict(l=8, r=8, t=28, b=8),
        xaxis=dict(gridcolor=GRID, zerolinecolor=GRID), yaxis=dict(gridcolor=GRID, zerolinecolor=GRID),
        legend=dict(orientation="h", y=-0.15), hoverlabel=dict(font_size=14),
    ))


pio.templates["jinyun"] = _plotly_template()
pio.templates.default = "jinyun"

CSS = """
<style>
:root { --wall-scale: 1; }
html { font-size: calc(15px * var(--wall-scale)); }
/* A 3840×2160 wall at device scale 1 gets twice the type. CSS zoom would scale everything, but Streamlit's
   canvas tables mis-measure under it and overflow; run the wall's browser at device scale 2 instead
   (README) to see exactly the 1920×1080 layout. */
@media (min-width: 3000px) { :root { --wall-scale: 2; } }
.block-container { padding: 0.6rem 1rem 0.4rem 1rem !important; max-width: 100% !important; }
[data-testid="stVerticalBlock"] { gap: 0.45rem; }
[data-testid="stMetricValue"] { font-size: 2rem; font-weight: 700; }
[data-testid="stMetricLabel"] p { font-size: 0.95rem; color: #8FA6C4; }
.jy-title { font-size: 1.55rem; font-weight: 800; letter-spacing: 0.08em; margin: 0; }
.jy-sub { color: #8FA6C4; font-size: 0.9rem; }
.jy-age { color: #8FA6C4; font-size: 0.8rem; }
.jy-ph { display: flex; justify-content: space-between; align-items: baseline; gap: 0.6rem; flex-wrap: wrap; }
.jy-pt { font-size: 1.08rem; font-weight: 800; color: #E8F1FF; }
.jy-stale { color: #FF8C1A; font-weight: 700; font-size: 0.85rem; }
.jy-tile { background: #0F1F35; border: 1px solid #223A5C; border-radius: 8px; padding: 0.35rem 0.7rem; }
.jy-tile .v { font-size: 2.05rem; font-weight: 800; line-height: 1.15; }
/* a word in place of a number (未启动, Ⅳ级): one line, a size that fits a tablet's third of a column */
.jy-tile.word .v { font-size: 1.75rem; white-space: nowrap; }
.jy-tile .u { font-size: 0.95rem; color: #8FA6C4; margin-left: 0.2rem; }
.jy-tile .l { font-size: 0.9rem; color: #8FA6C4; line-height: 1.25; }
.jy-banner { background: #3A1E00; border: 1px solid #FF8C1A; color: #FFD8B0; border-radius: 6px;
             padding: 0.3rem 0.8rem; font-weight: 700; }
/* touch targets on tablets */
button, [role="checkbox"], [data-baseweb="select"], [data-baseweb="tab"] { min-height: 44px; }
[data-testid="stButtonGroup"] button, [data-testid^="stBaseButton"] { min-height: 44px !important; }
/* a segmented control in a narrow column (智慧应急's 雨量时段 on a tablet) wraps its buttons, never clips them */
[data-testid="stButtonGroup"] div:has(> button) { flex-wrap: wrap; }
/* Streamlit's own header and sidebar controls are 26-32 px with more specific rules: lift them to 44 px. */
[data-testid="stMainMenuButton"], [data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapseButton"] button,
[data-testid="stToolbarActionButton"] button { min-height: 44px !important; min-width: 44px !important; }
/* The header (3.75rem, opaque) overlays the top of the page: keep the title bar below it (kiosk hides it). */
[data-testid="stMain"] .block-container { padding-top: 4rem !important; }
/* Element toolbars (table search, download, fullscreen) are 24 px: make them tappable on tablets. */
@media (pointer: coarse), (max-width: 1200px) {
  [data-testid="stElementToolbar"] button { min-height: 44px !important; min-width: 44px !important; }
}
</style>
"""


def inject_css() -> None:
    st.html(CSS)


def wrap_columns(key: str, min_width: dict[int, str], nested: bool = False) -> str:
    """CSS for tablets: below each max-width (px), the columns of the row in st.container(key=key) wrap, each at
    least min_width[px] wide, instead of squeezing their labels; wider screens (the wall) keep the one row.
    `nested`: the row is anywhere inside the container (tile rows), not its direct child (panel rows)."""
    row = f".st-key-{key} {'' if nested else '> div > '}[data-testid=\"stHorizontalBlock\"]"
    return "\n".join(
        f"@media (max-width: {px}px) {{ {row} {{ flex-wrap: wrap; row-gap: 0.45rem; }}\n"
        f"  {row} > [data-testid=\"stColumn\"] {{ min-width: {width} !important; }} }}"
        for px, width in sorted(min_width.items(), reverse=True))
