"""应急物资在线: what supplies are where, what is short, are the shelters and village kits covered,
and which nearest warehouses should send what (a commander sends it with one tap)?"""

import uuid

import streamlit as st

from dashboards import data
from dashboards.components import signin
from dashboards.components import supplies_charts as charts
from dashboards.components.kpi import tiles
from dashboards.components.maps import deck
from dashboards.components.panel import panel
from dashboards.components.theme import OK, WARNING, wrap_columns
from data_access import commands, dispatch, supplies

# Tablets: the three columns stack (vertical scroll only), tile rows wrap instead of clipping.
MAIN_CSS = "<style>" + wrap_columns("supplies_main", {1300: "100%"}) + "\n" + wrap_columns(
    "supplies_kpi", {1300: "18%", 900: "30%"}, nested=True) + "</style>"
CHART = {"displayModeBar": False}


def _opt(frame, code_col: str, name_col: str) -> dict:
    return dict(zip(frame[code_col], frame[name_col], strict=True))


def filters() -> tuple[str | None, str | None, str | None]:
    towns = _opt(data.load(supplies.townships), "code", "name")
    cats = data.load(supplies.categories)
    with st.sidebar:
        st.markdown("**筛选**")
        township = st.selectbox("乡镇（街道）", [None, *towns], format_func=lambda c: towns.get(c, "全县"),
                                key="supplies_township")
        whs = _opt(data.load(supplies.warehouses, township), "id", "name")
        warehouse = st.selectbox("仓库", [None, *whs], format_func=lambda w: whs.get(w, "全部仓库"),
                                 key="supplies_warehouse")
        labels = {c: f"{n}（{u}）" for c, n, u in zip(cats["code"], cats["name"], cats["unit"], strict=True)}
        category = st.selectbox("物资品类", [None, *labels], format_func=lambda c: labels.get(c, "全部品类"),
                                key="supplies_category")
    return township, (warehouse if warehouse in whs else None), category


@panel("应急物资在线 · 总览", ["supplies", "shelters", "census"], run_every=30, key="supplies_kpi")
def kpi_panel() -> None:
    o = data.load(supplies.overview)
    kits = data.load(supplies.kit_totals, None).set_index("item")
    sh = data.load(supplies.shelters, None)
    open_n = int((sh["status"] == "open").sum())
    kit = lambda item: int(kits.loc[item, "quantity"]) if item in kits.index else None  # noqa: E731
    tiles([
        {"label": "应急物资仓库", "value": o["warehouses"], "unit": "座",
         "note": f"县级 {o['county_warehouses']} · 乡镇 {o['township_warehouses']}"},
        {"label": "物资品类", "value": o["categories"], "unit": "类", "note": f"库存记录 {o['stock_rows']:,} 条"},
        {"label": "物资总量", "value": o["items"] / 1e4, "unit": "万件", "digits": 1, "note": "各品类件数合计"},
        {"label": "低于最低库存", "value": o["rows_below_min"], "unit": "项",
         "colour": WARNING["红"] if o["rows_below_min"] else OK, "note": f"涉及 {o['warehouses_below_min']} 座仓库"},
        {"label": "卫星电话（三大件）", "value": kit("卫星电话"), "unit": "部", "note": "行政村配备"},
        {"label": "抽水泵（三大件）", "value": kit("抽水泵"), "unit": "台", "note": "行政村配备"},
        {"label": "应急发电机（三大件）", "value": kit("应急发电机"), "unit": "台", "note": "行政村配备"},
        {"label": "四小件", "value": kit("四小件"), "unit": "套", "note": "行政村配备"},
        {"label": "开放安置点", "value": open_n, "unit": "个", "colour": OK if open_n else None,
         "note": f"共 {len(sh)} 个安置场所"},
        {"label": "在安置人员", "value": int(sh["occupancy"].sum()), "unit": "人",
         "note": f"开放点容量 {int(sh.loc[sh['status'] == 'open', 'capacity'].sum()):,} 人"},
    ])


@panel("仓库 · 安置点 · 在途调拨", ["supplies", "shelters", "census"], run_every=30, key="supplies_map")
def map_panel(township: str | None) -> None:
    layers = charts.map_layers(data.load(supplies.warehouses, township), data.load(supplies.shelters, township),
                               data.load(supplies.dispatch_orders, 50), data.load(supplies.villages_lacking, township))
    towns = data.load(supplies.townships).set_index("code")
    lon, lat, zoom = (towns.loc[township, "lon"], towns.loc[township, "lat"], 11) if township else (120.13, 28.665, 9.25)
    st.pydeck_chart(deck(layers, lon, lat, zoom, tooltip={"html": "{tip}"}), key="supplies_deck", height=420)
    st.html('<span class="jy-age">■ 县级仓库（蓝）· 乡镇仓库（青）· 缺储仓库（红）　● 开放安置点（绿，大小=在安置人数）'
            '· 待命（灰）· 缺配村（橙）　⌒ 在途调拨</span>')


@panel("库存与最低储备", ["supplies"], run_every=30, key="supplies_stock")
def stock_panel(township: str | None, warehouse: str | None, category: str | None) -> None:
    whs = data.load(supplies.warehouses, township)
    if warehouse:
        whs = whs[whs["id"] == warehouse]
    if category:
        cats = data.load(supplies.categories).set_index("code")
        cand = data.load(supplies.dispatch_candidates, category)
        frame = cand[cand["warehouse_id"].isin(whs["id"])].assign(
            below=lambda f: f["quantity"] < f["min_quantity"])
        unit, title = cats.loc[category, "unit"], f"{cats.loc[category, 'name']}：各仓库库存（黄线=最低库存）"
    else:
        frame = whs.assign(warehouse=whs["name"], quantity=whs["items"] / 1e4, min_quantity=None,
                           below=whs["rows_below_min"] > 0)
        unit, title = "万件", "各仓库物资总量（红=有品类低于最低库存）"
    frame = frame.assign(warehouse=frame["warehouse"].map(short_name))
    st.caption(title)
    if frame.empty:
        st.info("所选范围内没有储备该物资的仓库。")
    else:
        st.plotly_chart(charts.stock_per_warehouse(frame, unit, 230), key="supplies_stock_chart", config=CHART)
    short = data.load(supplies.shortfalls, township, warehouse, category)
    if short.empty:
        st.success("所选范围内没有低于最低库存的物资。")
        return
    st.dataframe(
        short.assign(库存=short["quantity"].map("{:,}".format) + " " + short["unit"],
                     最低库存=short["min_quantity"].map("{:,}".format) + " " + short["unit"],
                     缺口=short["shortfall"].map("{:,}".format) + " " + short["unit"])[
            ["warehouse", "category", "库存", "最低库存", "缺口"]].rename(
            columns={"warehouse": "⚠ 缺储仓库", "category": "物资"}),
        hide_index=True, width="stretch", height=36 * 4 + 4, key="supplies_shortfall_table")


def short_name(name: str) -> str:
    """Axis labels readable from 10 m: '县防汛物资仓库' -> '防汛仓库', '壶镇镇应急物资储备库' -> '壶镇镇'."""
    return name.replace("应急物资储备库", "").removeprefix("县").replace("物资", "") or name


@panel("出入库记录", ["supplies"], run_every=30, key="supplies_moves")
def movements_panel(township: str | None, warehouse: str | None, category: str | None) -> None:
    moves = data.load(supplies.movements, township, warehouse, category, 40)
    if moves.empty:
        st.info("所选范围内近 7 天没有出入库记录。")
        return
    st.dataframe(
        moves.assign(时间=moves["moved_at"].dt.strftime("%m-%d %H:%M"),
                     方向=moves["direction"].map({"in": "入库", "out": "出库"}),
                     数量=moves["quantity"].map("{:,}".format) + " " + moves["unit"])[
            ["时间", "warehouse", "category", "方向", "数量", "reason"]].rename(
            columns={"warehouse": "仓库", "category": "物资", "reason": "事由"}),
        hide_index=True, width="stretch", height=36 * 6 + 4, key="supplies_moves_table")


@panel("避灾安置", ["shelters", "census"], run_every=30, key="supplies_shelters")
def shelters_panel(township: str | None) -> None:
    sh = data.load(supplies.shelters, township)
    trend = data.load(supplies.shelter_trend, township)
    counts = sh["status"].value_counts()
    st.html(f'<span class="jy-sub">安置场所 {len(sh)} 个：<b style="color:{OK}">开放 {counts.get("open", 0)}</b> · '
            f'待命 {counts.get("standby", 0)} · 已关闭 {counts.get("closed", 0)} · 在安置 '
            f'<b style="color:{OK}">{int(sh["occupancy"].sum()):,} 人</b></span>')
    if trend.empty:
        st.caption("暂无在安置人数记录。")
    else:
        st.plotly_chart(charts.shelter_trend(trend, 150), key="supplies_shelter_trend", config=CHART)
    opened = sh[sh["status"] != "standby"]
    table = (opened if not opened.empty else sh).head(30)
    st.dataframe(
        table.assign(状态=table["status"].map(supplies.SHELTER_STATUS_TEXT),
                     在安置=table["occupancy"].map("{:,} 人".format), 容量=table["capacity"].map("{:,} 人".format))[
            ["name", "township", "状态", "在安置", "容量", "occupancy_ratio"]].rename(
            columns={"name": "安置点", "township": "乡镇"}),
        hide_index=True, width="stretch", height=36 * 4 + 4, key="supplies_shelter_table",
        column_config={"occupancy_ratio": st.column_config.ProgressColumn("入住率", format="percent",
                                                                          min_value=0, max_value=1)})


@panel("行政村三大件·四小件配备", ["supplies", "census"], run_every=60, key="supplies_kits")
def kits_panel(township: str | None) -> None:
    by_town = data.load(supplies.kit_by_township)
    lacking = data.load(supplies.villages_lacking, township)
    total_v = int(by_town["villages"].sum())
    st.html(f'<span class="jy-sub">{total_v} 个行政村（四小件：雨衣雨鞋、救生衣、手电、安全帽）· 配齐 {int(by_town["villages_complete"].sum())} 个 · '
            f'<b style="color:{WARNING["橙"]}">缺配 {lacking["village_code"].nunique()} 个村</b>'
            f'{"（本乡镇）" if township else ""}</span>')
    st.plotly_chart(charts.kit_coverage(by_town, 150), key="supplies_kit_chart", config=CHART)
    if lacking.empty:
        st.success("所选范围内行政村三大件、四小件全部配齐。")
        return
    st.dataframe(
        lacking.assign(配备=lacking["quantity"].astype(str) + " / " + lacking["required"].astype(str)
                       + lacking["item"].map(supplies.KIT_UNITS))[["village", "township", "item", "配备"]].rename(
            columns={"village": "缺配村", "township": "乡镇", "item": "物品"}),
        hide_index=True, width="stretch", height=36 * 4 + 4, key="supplies_lacking_table")


@panel("就近调拨 · 派发指令", ["supplies", "shelters"], run_every=15, key="supplies_dispatch")
def dispatch_panel(township: str | None, category: str | None) -> None:
    if signin.current_role() in commands.WRITE_ROLES:
        dispatch_form(township, category)
    board = supplies.order_board(
        data.load(supplies.dispatch_orders, 50), supplies.outbox_dispatches(30), data.load(supplies.categories),
        data.load(supplies.warehouses, None), data.load(supplies.destinations, None))
    if board.empty:
        st.caption("暂无调拨单。")
        return
    colour = {"delivered": OK, "in_transit": WARNING["橙"], "received": WARNING["黄"],
              "outbox_failed": WARNING["红"]}
    st.dataframe(board.drop(columns="status").style.apply(
        lambda col: [f"color: {colour.get(s, '')}; font-weight: 700" if colour.get(s) else "" for s in board["status"]],
        subset=["状态"]), hide_index=True, width="stretch", height=36 * 5 + 4, key="supplies_orders_table")


def dispatch_form(township: str | None, category: str | None) -> None:
    dests = data.load(supplies.destinations, township)
    cats = data.load(supplies.categories)
    names = {c: f"{n}（{u}）" for c, n, u in zip(cats["code"], cats["name"], cats["unit"], strict=True)}
    labels = {(k, i): f"{supplies.TARGET_TEXT[k]}·{n}" + (f"（开放·{int(o)} 人）" if s == "open" else "")
              for k, i, n, s, o in zip(dests["to_kind"], dests["to_id"], dests["name"], dests["status"],
                                       dests["occupancy"], strict=True)}
    a, b, c = st.columns([3, 2, 1])
    to = a.selectbox("调往", list(labels), format_func=labels.get, key="supplies_dispatch_to")
    cat = b.selectbox("物资", list(names), format_func=names.get, key="supplies_dispatch_category",
                      index=list(names).index(category) if category in names else 0)
    qty = int(c.number_input("数量", min_value=1, value=10, step=1, key="supplies_dispatch_qty"))
    if to is None or cat is None:
        return
    row = dests[(dests["to_kind"] == to[0]) & (dests["to_id"] == to[1])].iloc[0]
    plan = dispatch.recommend(data.load(supplies.dispatch_candidates, cat), row["lon"], row["lat"], qty)
    intent = (to, cat, qty)
    if (st.session_state.get("supplies_dispatch_intent") != intent or "supplies_dispatch_key" not in st.session_state
            or supplies.outbox_accepted(st.session_state.get("supplies_dispatch_sent", []))):
        # One key per intended order, made when the form is drawn: a double tap re-sends the same key.
        st.session_state["supplies_dispatch_intent"] = intent
        st.session_state["supplies_dispatch_key"] = uuid.uuid4().hex
        st.session_state["supplies_dispatch_sent"] = []
    key = st.session_state["supplies_dispatch_key"]
    unit = cats.set_index("code").loc[cat, "unit"]
    if plan.legs.empty:
        st.warning("没有仓库储备该物资。")
        return
    st.dataframe(plan.legs.assign(
        直线距离=plan.legs["distance_km"].map("{:.1f} km".format), 预计到达=plan.legs["minutes"].map("约 {} 分钟".format),
        可调=plan.legs["available"].map(f"{{:,}} {unit}".format), 调拨=plan.legs["take"].map(f"{{:,}} {unit}".format))[
        ["warehouse", "直线距离", "预计到达", "可调", "调拨", "note"]].rename(
        columns={"warehouse": "推荐仓库（由近及远）", "note": "说明"}),
        hide_index=True, width="stretch", height=36 * (min(len(plan.legs), 3) + 1) + 4, key="supplies_plan_table")
    st.caption(f"距离为{dispatch.DISTANCE_LABEL}（非道路里程）；到达时间按直线 {dispatch.EFFECTIVE_SPEED_KMH:.0f} km/h"
               f" 等效车速加 {dispatch.LOADING_MIN} 分钟装车估算。")
    if plan.unmet:
        st.error(f"全县可调库存不足：尚缺 {plan.unmet:,} {unit}。")
    if plan.flagged:
        st.warning("⚠ 部分调拨将动用仓库最低储备，请确认。")
    if st.button(f"一键派发（{len(plan.legs)} 张调拨单）", key="supplies_dispatch_send", type="primary",
                 icon=":material/local_shipping:"):
        send(plan, to, cat, key)


def send(plan: dispatch.Plan, to: tuple[str, str], cat: str, key: str) -> None:
    # The key is kept until upstream has accepted these commands, so a second tap meanwhile changes nothing.
    sent = st.session_state.setdefault("supplies_dispatch_sent", [])
    try:
        for leg in plan.legs.itertuples():
            sent.append(f"{key}-{leg.warehouse_id}")
            commands.enqueue("dispatch", {"category_code": cat, "quantity": int(leg.take),
                                          "from_warehouse_id": leg.warehouse_id, "to_kind": to[0], "to_id": to[1]},
                             actor=signin.current_user(), role=signin.current_role(),
                             idempotency_key=f"{key}-{leg.warehouse_id}")
    except (ValueError, PermissionError) as exc:
        st.error(f"派发未受理：{exc}")
        return
    st.success("调拨指令已进入发送队列（待发送），上游受理后状态自动更新。")


st.html(MAIN_CSS)
township, warehouse, category = filters()
kpi_panel()
with st.container(key="supplies_main"):
    left, mid, right = st.columns([1.25, 1, 1])
    with left:
        map_panel(township)
        dispatch_panel(township, category)
    with mid:
        stock_panel(township, warehouse, category)
        movements_panel(township, warehouse, category)
    with right:
        shelters_panel(township)
        kits_panel(township)
