"""应急物资在线: placeholder until this screen is built."""

import streamlit as st

st.info("「应急物资在线」大屏正在建设中，数据接入已就绪。请先查看「数据接入」页面。")
