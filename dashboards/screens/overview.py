"""总览: which screens exist, and is the data behind them fresh?"""

import streamlit as st

from dashboards import data
from dashboards.components.panel import panel
from data_access import feeds
from data_access.sources import SYSTEMS

SCREENS = [
    ("screens/ceremony.py", "祭典在线", "黄帝祭典一屏指挥：人群、到岗、预警闭环、一键派发", ("efence", "checkin", "cowork")),
    ("screens/emergency.py", "智慧应急", "实时监测一张图：探头、地灾、水库、山洪、台风、救援", ("iot", "hydro", "weather")),
    ("screens/supplies.py", "应急物资在线", "仓库库存、三大件四小件、避灾安置、就近调拨", ("supplies", "shelters")),
    ("screens/risk.py", "风险研判", "三高一低模型、八张风险清单、人员转移、应急响应", ("census", "transfers", "cowork")),
    ("screens/data.py", "数据接入", "上游系统数据时效与健康", tuple(s.key for s in SYSTEMS)),
]


@panel("大屏目录", [s.key for s in SYSTEMS], run_every=10, key="overview_screens")
def screens() -> None:
    status = feeds.with_age(data.load(feeds.feed_status)).set_index("source")
    cols = st.columns(3) + st.columns(3)  # two rows: cards stay readable on a portrait tablet
    for col, (path, title, blurb, sources) in zip(cols, SCREENS, strict=False):
        with col.container(border=True):
            st.page_link(path, label=title, icon=":material/open_in_new:")
            st.caption(blurb)
            stale = [status.loc[s, "title"] for s in sources if s in status.index and status.loc[s, "stale"]]
            if stale:
                st.warning("过期：" + "、".join(stale))
            else:
                st.success("数据新鲜")


screens()
