"""Charts and map layers of the 应急物资在线 screen: stock against minimum levels, shelter trend, kit coverage."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from dashboards.components.theme import MUTED, OFF, OK, SERIES, TEXT, WARNING, rgba

LEVEL_COLOUR = {"county": SERIES[0], "township": SERIES[5]}
SHELTER_COLOUR = {"open": OK, "standby": OFF, "closed": "#5E5CE6"}
ORDER_COLOUR = {"sent": SERIES[5], "received": WARNING["黄"], "in_transit": WARNING["橙"], "delivered": OK}


def _layout(fig: go.Figure, height: int, **kw) -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=4, r=8, t=8, b=4), showlegend=False, bargap=0.25, **kw)
    return fig


def stock_per_warehouse(frame: pd.DataFrame, unit: str, height: int) -> go.Figure:
    """Bars of stock per warehouse (red when below its minimum) with the minimum as a tick; frame has
    warehouse, quantity, min_quantity, below (bool)."""
    colours = [WARNING["红"] if b else SERIES[0] for b in frame["below"]]
    fig = go.Figure(go.Bar(
        x=frame["warehouse"], y=frame["quantity"], marker_color=colours, name="库存",
        hovertemplate=f"%{{x}}<br>库存 %{{y:,.0f}} {unit}<extra></extra>"))
    if "min_quantity" in frame and frame["min_quantity"].notna().any():
        fig.add_trace(go.Scatter(
            x=frame["warehouse"], y=frame["min_quantity"], mode="markers", name="最低库存",
            marker=dict(symbol="line-ew", size=22, line=dict(width=3, color=WARNING["黄"])),
            hovertemplate=f"%{{x}}<br>最低库存 %{{y:,.0f}} {unit}<extra></extra>"))
    fig.update_yaxes(title_text=unit, title_font_size=13, tickfont_size=13)
    fig.update_xaxes(tickangle=-50, tickfont_size=11)
    return _layout(fig, height)


def shelter_trend(trend: pd.DataFrame, height: int) -> go.Figure:
    """People sheltered over time (人)."""
    fig = go.Figure(go.Scatter(
        x=trend["observed_at"], y=trend["sheltered"], mode="lines", line=dict(color=OK, width=3),
        fill="tozeroy", fillcolor="rgba(52,199,89,0.15)", hovertemplate="%{x|%m-%d %H:%M}<br>在安置 %{y:,.0f} 人<extra></extra>"))
    fig.update_yaxes(title_text="人", title_font_size=13, rangemode="tozero", tickfont_size=13)
    fig.update_xaxes(tickformat="%d日%H:%M", tickfont_size=12, nticks=6)
    return _layout(fig, height)


def kit_coverage(by_township: pd.DataFrame, height: int) -> go.Figure:
    """Per township: villages with every kit item (green) and villages lacking one (orange), stacked."""
    fig = go.Figure([
        go.Bar(x=by_township["township"], y=by_township["villages_complete"], name="配齐", marker_color=OK,
               hovertemplate="%{x}<br>配齐 %{y} 个村<extra></extra>"),
        go.Bar(x=by_township["township"], y=by_township["villages_lacking"], name="缺配", marker_color=WARNING["橙"],
               hovertemplate="%{x}<br>缺配 %{y} 个村<extra></extra>"),
    ])
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text="个村", title_font_size=13, tickfont_size=13)
    fig.update_xaxes(tickangle=-45, tickfont_size=12)
    return _layout(fig, height)


def map_layers(warehouses: pd.DataFrame, shelters: pd.DataFrame, orders: pd.DataFrame,
               lacking: pd.DataFrame) -> list[pdk.Layer]:
    """Warehouses (squares by level, red ring when below a minimum), shelters (green open, grey standby),
    villages lacking a kit (orange dots) and open orders (arcs coloured by status)."""
    wh = warehouses.assign(
        colour=[rgba(WARNING["红"] if b else LEVEL_COLOUR.get(lv, SERIES[0])) for lv, b in
                zip(warehouses["level"], warehouses["rows_below_min"] > 0, strict=True)],
        tip=[f"{n}（{'县级' if lv == 'county' else '乡镇级'}）<br>{c} 类 · {q:,.0f} 件" for n, lv, c, q in
             zip(warehouses["name"], warehouses["level"], warehouses["categories"], warehouses["items"], strict=True)])
    sh = shelters.assign(
        colour=[rgba(SHELTER_COLOUR.get(s, OFF), 230 if s == "open" else 140) for s in shelters["status"]],
        radius=[250 + 12 * o for o in shelters["occupancy"]],
        tip=[f"{n}<br>{ {'open': '开放', 'standby': '待命', 'closed': '已关闭'}.get(s, s) } · 在安置 {o} / 容量 {c} 人"
             for n, s, o, c in zip(shelters["name"], shelters["status"], shelters["occupancy"], shelters["capacity"],
                                   strict=True)])
    layers = [
        pdk.Layer("ScatterplotLayer", sh[["lon", "lat", "colour", "radius", "tip"]], id="shelters",
                  get_position=["lon", "lat"], get_fill_color="colour", get_radius="radius", radius_min_pixels=3,
                  radius_max_pixels=18, pickable=True),
    ]
    if not lacking.empty:
        lk = lacking.groupby(["village", "lon", "lat"], as_index=False).agg(items=("item", "、".join))
        lk["tip"] = lk["village"] + "<br>缺配：" + lk["items"]
        layers.append(pdk.Layer("ScatterplotLayer", lk, id="kit_lacking", get_position=["lon", "lat"],
                                get_fill_color=rgba(WARNING["橙"]), get_radius=300, radius_min_pixels=3, pickable=True))
    layers.append(pdk.Layer("ScatterplotLayer", wh[["lon", "lat", "colour", "tip"]], id="warehouses",
                            get_position=["lon", "lat"], get_fill_color="colour", get_line_color=rgba(TEXT),
                            stroked=True, line_width_min_pixels=1, get_radius=500, radius_min_pixels=6,
                            radius_max_pixels=14, pickable=True))
    open_orders = orders[orders["status"] != "delivered"].dropna(subset=["to_lon", "from_lon"])
    if not open_orders.empty:
        oo = open_orders.assign(
            colour=[rgba(ORDER_COLOUR.get(s, MUTED)) for s in open_orders["status"]],
            tip=[f"{c} {q:,} {u}<br>{a} → {b}" for c, q, u, a, b in zip(
                open_orders["category"], open_orders["quantity"], open_orders["unit"], open_orders["from_name"],
                open_orders["to_name"], strict=True)])
        layers.append(pdk.Layer("ArcLayer", oo[["from_lon", "from_lat", "to_lon", "to_lat", "colour", "tip"]],
                                id="orders", get_source_position=["from_lon", "from_lat"],
                                get_target_position=["to_lon", "to_lat"], get_source_color="colour",
                                get_target_color="colour", get_width=4, pickable=True))
    return layers
