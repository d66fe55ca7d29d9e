"""KPI tiles readable from 10 m: a big number with its unit, a label, an optional level colour."""

from __future__ import annotations

import html

import streamlit as st

from dashboards.components.theme import TEXT


def fmt(value: float | int | None, digits: int = 0) -> str:
    if value is None or value != value:
        return "—"
    return f"{value:,.{digits}f}"


def tile(label: str, value: float | int | str | None, unit: str = "", colour: str | None = None,
         note: str = "", digits: int = 0) -> None:
    shown = value if isinstance(value, str) else fmt(value, digits)
    st.html(
        f'<div class="jy-tile{" word" if isinstance(value, str) else ""}"><div class="l">{html.escape(label)}</div>'
        f'<span class="v" style="color:{colour or TEXT}">{html.escape(shown)}</span>'
        f'<span class="u">{html.escape(unit)}</span>'
        + (f'<div class="l">{html.escape(note)}</div>' if note else "")
        + "</div>"
    )


def tiles(items: list[dict], per_row: int | None = None) -> None:
    """A row of tiles: each dict holds tile()'s arguments."""
    cols = st.columns(per_row or len(items))
    for i, item in enumerate(items):
        with cols[i % len(cols)]:
            tile(**item)
