"""Router: page config, the shared frame, and the navigation of every screen (stable URL paths)."""

import streamlit as st

# No page or st.Page icons: the browser fetches a Material icon favicon from the internet, which the hall lacks.
st.set_page_config(page_title="缙云县应急指挥大屏", layout="wide", initial_sidebar_state="collapsed")

from dashboards.components import frame  # noqa: E402 - set_page_config must run first

PAGES = [
    st.Page("screens/overview.py", title="总览", default=True),
    st.Page("screens/ceremony.py", title="祭典在线", url_path="ceremony"),
    st.Page("screens/emergency.py", title="智慧应急", url_path="emergency"),
    st.Page("screens/supplies.py", title="应急物资在线", url_path="supplies"),
    st.Page("screens/risk.py", title="风险研判", url_path="risk"),
    st.Page("screens/data.py", title="数据接入", url_path="data"),
]

page = st.navigation(PAGES, position="hidden" if frame.kiosk() else "top")
frame.draw(page)
page.run()
