"""风险研判: which important hazard-bearing bodies are at risk now (三高一低 model + live hazard), who must move
and has moved (一个码), what response level is on, and what a key township has to act with."""

import pandas as pd
import streamlit as st

from dashboards import data
from dashboards.components import risk_charts as charts
from dashboards.components.panel import panel
from dashboards.components.signin import current_role
from dashboards.components.theme import LEVEL, LEVEL_NAME, OK, RISK, WARNING
from data_access import feeds, risk, risk_model
from data_access.privacy import mask_frame

HEALTH = ["census", "weather", "hydro", "iot"]
ROW = 35  # px per table row, so tables get fixed heights that fit the wall


def now():
    return data.load(feeds.clock).scenario_time


def table(df: pd.DataFrame, rows: int, key: str, **kwargs) -> None:
    st.dataframe(df, hide_index=True, width="stretch", height=ROW * (rows + 1) + 3, key=key, **kwargs)


@panel("风险研判总览", ["census", "transfers", "duty", "shelters", "rescue", "cowork"], run_every=30, key="risk_kpis")
def kpis() -> None:
    o, t = data.load(risk.overview), data.load(risk.transfer_totals)
    echelon = risk.first_echelon(t, now())
    resp = risk.current_response(data.load(risk.response_levels), now())
    counts = risk.level_counts(data.load(risk.assessed_bodies))
    st.html(charts.tile_grid_html([
        {"label": "风险区受影响人员", "value": o["people_in_zones"], "unit": "人"},
        {"label": "已转移人员", "value": t["transferred"], "unit": "人", "colour": OK},
        {"label": "在安置人员", "value": t["sheltered"], "unit": "人", "colour": WARNING["蓝"]},
        {"label": "第一梯次转移", "value": f"{echelon.done}/{echelon.total}", "unit": "人", "note": echelon.text,
         "colour": OK if echelon.complete else WARNING["橙"]},
        {"label": "应急响应", "value": LEVEL_NAME.get(resp.level, "未启动"), "unit": "",
         "colour": LEVEL.get(resp.level), "note": "集中办公" if resp.integrated_office else "常态值守"},
        {"label": "高风险承灾体", "value": counts["高"], "unit": "个", "colour": RISK["高"],
         "note": f"较高 {counts['较高']} 个"},
        {"label": "避灾安置场所", "value": o["shelters"], "unit": "个"},
        {"label": "救援队伍", "value": o["rescue_teams"], "unit": "支"},
        {"label": "地质灾害巡查员", "value": o["geohazard_patrollers"], "unit": "名"},
        {"label": "山塘水库巡查员", "value": o["reservoir_patrollers"], "unit": "名"},
        {"label": "山洪灾害预警员", "value": o["flood_warners"], "unit": "名"},
    ]))


@panel("风险一张图（承灾体动态风险）", HEALTH, run_every=60, key="risk_map")
def risk_map() -> None:
    bodies = data.load(risk.assessed_bodies)
    st.pydeck_chart(charts.risk_map(bodies.assign(kind_text=bodies["kind"].map(risk.KIND_TEXT))),
                    key="risk_deck", height=650)
    st.html(charts.legend_html(risk.level_counts(bodies)))
    st.html(f'<div class="jy-risk-note">{risk_model.method_text()}</div>')


@panel("八张风险清单", HEALTH, run_every=60, key="risk_lists")
def risk_lists(list_name: str, township: str | None, level: str | None) -> None:
    rows = risk.risk_list(data.load(risk.assessed_bodies), list_name, township, level)
    shown = risk.list_table(rows)
    table(shown, 16, "risk_list_table", column_config={
        "建议措施": st.column_config.TextColumn(width="large"),
        "动态风险": st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="%.2f"),
    })
    left, mid, right = st.columns([3, 1, 1], vertical_alignment="center")
    left.caption(f"{list_name}清单 {len(shown)} 个承灾体，按风险排序；导出内容与屏上一致。")
    mid.download_button("导出 Excel", risk.to_xlsx_bytes(shown, f"{list_name}清单"), f"{list_name}风险清单.xlsx",
                        key="risk_export_xlsx", on_click="ignore", icon=":material/table_view:", width="stretch")
    right.download_button("导出 CSV", risk.to_csv_bytes(shown), f"{list_name}风险清单.csv", mime="text/csv",
                          key="risk_export_csv", on_click="ignore", icon=":material/download:", width="stretch")


@panel("人员转移（一个码）", ["transfers", "shelters"], run_every=30, key="risk_transfers")
def transfers(township: str | None, role: str) -> None:
    t = data.load(risk.transfer_totals)
    e = risk.first_echelon(t, now())
    st.html(charts.tile_grid_html([
        {"label": "风险区人员", "value": t["in_zones"], "unit": "人"},
        {"label": "应转", "value": t["ordered"], "unit": "人", "colour": WARNING["橙"]},
        {"label": "已转", "value": t["transferred"], "unit": "人", "colour": OK},
        {"label": "在安置", "value": t["sheltered"], "unit": "人", "colour": WARNING["蓝"]},
        {"label": f"第一梯次（截止 {e.deadline:%m-%d %H:%M}）", "value": f"{e.done}/{e.total}", "unit": "人",
         "note": e.text, "colour": OK if e.complete else WARNING["橙"]},
    ]))
    chart, lists = st.columns([1, 1])
    chart.plotly_chart(charts.transfer_bars(data.load(risk.transfers_by_township), 520), key="risk_transfer_chart",
                       config={"displayModeBar": False})
    with lists:
        villages = data.load(risk.transfers_by_village, township)
        table(villages[["township", "village", "in_zones", "ordered", "transferred", "sheltered"]].rename(columns={
            "township": "乡镇", "village": "村", "in_zones": "风险区（人）", "ordered": "应转（人）",
            "transferred": "已转（人）", "sheltered": "在安置（人）"}), 6, "risk_village_table")
        persons = mask_frame(data.load(risk.transfer_persons, township, 100), role).fillna({"shelter": "—"})
        table(persons[["name", "phone", "id_number", "village", "status", "shelter", "transferred_at"]].rename(columns={
            "name": "姓名", "phone": "电话", "id_number": "身份证号", "village": "村", "status": "状态",
            "shelter": "安置点", "transferred_at": "转移时间"}), 6, "risk_person_table",
            column_config={"转移时间": st.column_config.DatetimeColumn(format="MM-DD HH:mm")})


@panel("应急响应与指挥体系（1+5+18）", ["cowork", "duty"], run_every=30, key="risk_response")
def response(role: str) -> None:
    history = data.load(risk.response_levels)
    r = risk.current_response(history, now())
    left, right = st.columns([2, 3])
    with left:
        since = f"{r.since:%m-%d %H:%M} 起 · {r.reason}" if r.since else "当前无应急响应"
        st.html(charts.response_badge_html(r.level, since, r.integrated_office))
        st.markdown("**响应历史**")
        table(history.assign(
            级别=history["level"].map(LEVEL_NAME), 开始=history["started_at"].dt.strftime("%m-%d %H:%M"),
            结束=history["ended_at"].dt.strftime("%m-%d %H:%M").fillna("进行中"),
            原因=history["reason"])[["级别", "开始", "结束", "原因"]], 9, "risk_response_table")
    with right:
        units = mask_frame(data.load(risk.command_units), role)
        st.markdown(f"**指挥体系：1 个县防指 + {int((units['tier'] == 'special').sum())} 个专项指挥部 + "
                    f"{int((units['tier'] == 'township').sum())} 个乡镇（街道）指挥部**")
        table(units.assign(层级=units["tier"].map(risk.TIER_TEXT))[["层级", "name", "duty_person", "duty_phone"]]
              .rename(columns={"name": "指挥部", "duty_person": "值班责任人", "duty_phone": "值班电话"}),
              15, "risk_command_table")


@panel("乡镇查询", ["shelters", "rescue", "duty", "transfers"], run_every=30, key="risk_township_query")
def township_query(code: str, role: str) -> None:
    shelters = data.load(risk.shelters, code)
    teams = mask_frame(data.load(risk.rescue_teams), role)
    duty = data.load(risk.responsible_counts, code)
    t = data.load(risk.transfer_totals, code)
    here = teams[teams["township_code"] == code]
    st.html(charts.tile_grid_html([
        {"label": "避灾安置场所", "value": len(shelters), "unit": "个",
         "note": f"开放 {int((shelters['status'] == 'open').sum())} 个 · 容量 {int(shelters['capacity'].sum()):,} 人"},
        {"label": "驻地救援队伍", "value": len(here), "unit": "支", "note": f"全县共 {len(teams)} 支"},
        *[{"label": role_name, "value": n, "unit": "名"} for role_name, n in duty.items()],
        {"label": "应转 / 风险区人员", "value": f"{t['ordered']:,}/{t['in_zones']:,}", "unit": "人",
         "note": f"已转 {t['transferred']:,} 人 · 在安置 {t['sheltered']:,} 人"},
    ]))
    a, b = st.columns([1, 1])
    with a:
        table(shelters.assign(状态=shelters["status"].map(risk.SHELTER_STATUS_TEXT))[
            ["name", "village", "状态", "occupancy", "capacity"]].rename(columns={
                "name": "避灾安置场所", "village": "村", "occupancy": "在安置（人）", "capacity": "容量（人）"}),
            7, "risk_query_shelters")
        table(teams.assign(驻地=teams["township"], 本乡镇=teams["township_code"].eq(code).map({True: "是", False: ""}))[
            ["name", "members", "status", "驻地", "本乡镇", "leader", "phone"]].rename(columns={
                "name": "救援队伍", "members": "人数（人）", "status": "状态", "leader": "队长", "phone": "电话"}),
            6, "risk_query_teams")
    with b:
        persons = mask_frame(data.load(risk.responsible_persons, code, 300), role)
        table(persons[["role", "name", "phone", "village"]].rename(columns={
            "role": "职责", "name": "责任人", "phone": "电话", "village": "村"}), 14, "risk_query_persons")


@panel("三高一低模型说明", ["census"], run_every=600, key="risk_model_doc")
def model_doc() -> None:
    st.markdown(risk_model.method_text())
    left, right = st.columns([1, 1])
    with left:
        st.markdown("**AHP 判断矩阵与权重**（行比列的重要程度，1–9 标度）")
        st.dataframe(risk_model.pairwise_table(), width="stretch", key="risk_ahp_table")
    with right:
        st.markdown("**分级建议措施**")
        table(pd.DataFrame({"风险等级": [f"{lv}（{risk_model.LEVEL_ROMAN[lv]}）" for lv in reversed(risk_model.LEVELS)],
                            "建议措施": ["；".join(risk_model.measures(lv)) for lv in reversed(risk_model.LEVELS)]}),
              4, "risk_measures_table", column_config={"建议措施": st.column_config.TextColumn(width="large")})


role = current_role()
charts.inject_css()
kpis()
towns = data.load(risk.townships)
names = dict(zip(towns["code"], towns["name"], strict=True))
key_codes = [c for c, n in names.items() if n in risk.KEY_TOWNSHIPS] or list(names)[:1]

left, right = st.columns([5, 7])
with left:
    risk_map()
with right:
    tab_list, tab_transfer, tab_response, tab_query, tab_model = st.tabs(
        ["风险清单", "人员转移", "应急响应", "乡镇查询", "模型说明"])
    with tab_list:
        f1, f2, f3 = st.columns([2, 2, 1])
        chosen_list = f1.selectbox("风险清单", risk.RISK_LISTS, key="risk_list", label_visibility="collapsed")
        chosen_town = f2.selectbox("乡镇", [None, *names], key="risk_township", label_visibility="collapsed",
                                   format_func=lambda c: "全部乡镇" if c is None else names[c])
        chosen_level = f3.selectbox("风险等级", [None, *reversed(risk_model.LEVELS)], key="risk_level",
                                    label_visibility="collapsed", format_func=lambda lv: lv or "全部等级")
        risk_lists(chosen_list, chosen_town, chosen_level)
    with tab_transfer:
        transfer_town = st.selectbox("乡镇", [None, *names], key="risk_transfer_township", label_visibility="collapsed",
                                     format_func=lambda c: "全部乡镇（村级明细）" if c is None else names[c])
        transfers(transfer_town, role)
    with tab_response:
        response(role)
    with tab_query:
        query_town = st.selectbox("乡镇", [*key_codes, *[c for c in names if c not in key_codes]],
                                  key="risk_query_township", label_visibility="collapsed",
                                  format_func=lambda c: names[c] + ("（重点转移区域）" if c in key_codes else ""))
        township_query(query_town, role)
    with tab_model:
        model_doc()
