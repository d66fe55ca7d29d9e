"""Router: page config, the shared frame, and the navigation of every screen (stable URL paths)."""

import streamlit as st

st.set_page_config(page_title="缙云县应急指挥大屏", page_icon=":material/emergency:", layout="wide")

from dashboards.components import frame  # noqa: E402 - set_page_config must run first

PAGES = [
    st.Page("pages/overview.py", title="总览", icon=":material/dashboard:", default=True),
    st.Page("pages/ceremony.py", title="祭典在线", icon=":material/festival:", url_path="ceremony"),
    st.Page("pages/emergency.py", title="智慧应急", icon=":material/map:", url_path="emergency"),
    st.Page("pages/supplies.py", title="应急物资在线", icon=":material/inventory_2:", url_path="supplies"),
    st.Page("pages/risk.py", title="风险研判", icon=":material/crisis_alert:", url_path="risk"),
    st.Page("pages/data.py", title="数据接入", icon=":material/database:", url_path="data"),
]

page = st.navigation(PAGES, position="hidden" if frame.kiosk() else "sidebar")
frame.draw(page)
page.run()
