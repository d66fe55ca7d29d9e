"""The frame every screen shares: styles, the title bar with the upstream clock, the stale-feed banner,
and the wall-screen controls read from the URL.

URL parameters (any combination; every page keeps them when rotation switches screens):

- ``?kiosk=1`` hides every control: sidebar and its expand button, header, toolbar, main menu,
  deploy button, the running/connection status widget, the element toolbars, the map zoom buttons
  and the Plotly mode bar; stale elements are not faded while a refresh runs.
- ``?rotate=60&pages=emergency,supplies,ceremony`` plays the screens like a playlist: a small
  fragment (``run_every``) calls ``st.switch_page(..., query_params=...)`` with the current query
  parameters when the interval has passed. Without ``pages`` it cycles every registered page.
  Only this fragment reruns on its timer, so nothing else on a page is reset between switches.
- ``?reload=6h`` (also ``30m``, ``90s``, ``1d``, bare seconds; at least 10 s) reloads the whole
  browser page after that long, to release the memory long-running screens leak.

Reconnection, as measured in Streamlit 1.67's frontend: when the websocket drops, the client
pings ``/_stcore/health`` forever with a back-off capped at 4 s, shows ``stConnectionStatus``
("Connecting"; a "Connection error" dialog after a few failures) and, once the server answers,
opens a new session and reruns the page itself (pages with ``run_every`` fragments always do),
so a restarted server is picked up by the screens within seconds. Only a fatal error
(``DISCONNECTED_FOREVER``, e.g. an HTTP 403 or a failed handshake) stops the retries. As a
fallback, kiosk and reload screens run a watchdog: if ``stConnectionStatus`` has been showing for
more than 60 s it reloads the page. Every reload (scheduled or watchdog) first checks that
``/_stcore/health`` answers, because reloading while the server is down leaves the browser on its
own error page, which never retries.
"""

from __future__ import annotations

import html
import json
import logging
import re
import time
from datetime import datetime

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboards import data
from dashboards.components.panel import age_text
from dashboards.components.signin import signin_widget
from dashboards.components.theme import inject_css
from data_access import feeds, queries

log = logging.getLogger(__name__)

SCENARIO_NAME = {"live": "实时", "muifa": "台风“梅花”复盘", "ceremony": "祭典日演练"}
ROTATE_MIN_S = 5.0
RELOAD_MIN_S = 10.0
WATCHDOG_S = 60.0
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)


def _flag(name: str) -> bool:
    return str(st.query_params.get(name, "")).lower() in ("1", "true", "yes", "on")


def kiosk() -> bool:
    return _flag("kiosk")


def parse_duration(text: str | None) -> float | None:
    """Seconds in '90s', '30m', '6h', '1d' or '120'; None for anything else (the parameter is then ignored)."""
    m = _DURATION.match(text or "")
    if not m:
        return None
    seconds = float(m.group(1)) * _UNITS[m.group(2).lower()]
    return seconds if seconds > 0 else None


def reload_after() -> float | None:
    """Seconds until the scheduled full reload asked for by ``?reload=``, or None."""
    raw = st.query_params.get("reload")
    seconds = parse_duration(raw)
    if raw and seconds is None:
        log.warning("ignoring ?reload=%r: use e.g. 90s, 30m, 6h", raw)
    return None if seconds is None else max(RELOAD_MIN_S, seconds)


KIOSK_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarCollapseButton"], header[data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stToolbarActions"], [data-testid="stMainMenu"], [data-testid="stAppDeployButton"],
[data-testid="stStatusWidget"], [data-testid="stConnectionStatus"], [data-testid="stDecoration"],
[data-testid="stElementToolbar"], [data-testid="stDeckGlJsonChartZoomButton"], .modebar-container {
  display: none !important; }
[data-testid="stMain"] [data-testid="stMainBlockContainer"].block-container { padding-top: 0.4rem !important; }
/* A refresh must not dim the wall: stale elements keep full opacity. */
[data-stale="true"] { opacity: 1 !important; filter: none !important; }
</style>
"""

def draw(page) -> None:
    inject_css()
    on_kiosk = kiosk()
    if on_kiosk:
        st.html(KIOSK_CSS)
    if not on_kiosk:
        # The wall never signs in; commanders on tablets sign in here to get the command controls.
        with st.sidebar:
            signin_widget()
    _title_bar(page.title)
    reload_s = reload_after()
    if on_kiosk or reload_s is not None:
        _browser_guard(reload_s)
    _rotation(page)


@st.fragment(run_every=10)
def _title_bar(title: str) -> None:
    left, right = st.columns([3, 2], vertical_alignment="center")
    left.html(f'<p class="jy-title">缙云县应急管理指挥中心 · {html.escape(title)}</p>')
    try:
        with queries.pinned():
            clock = data.load(feeds.clock)
            status = feeds.with_age(data.load(feeds.feed_status))
    except queries.NoSnapshot:
        right.html('<span class="jy-stale">数据尚未就绪：正在完成首次加载</span>')
        return
    scenario = SCENARIO_NAME.get(clock.scenario, clock.scenario or "—")
    at = clock.scenario_time.strftime("%Y-%m-%d %H:%M") if isinstance(clock.scenario_time, datetime) else "—"
    right.html(f'<span class="jy-sub">场景：{html.escape(scenario)} · 数据时间 {html.escape(at)}（北京时间）</span>')
    stale = status[status["stale"]]
    if not stale.empty:
        names = "、".join(f"{t}（{age_text(a)}）" for t, a in zip(stale["title"], stale["age_s"], strict=True))
        st.html(f'<div class="jy-banner">⚠ 以下数据源已过期，屏上相应数据可能不是最新：{html.escape(names)}</div>')


# One script per browser tab, guarded by a global so a rerun that re-inserts it only updates its settings.
# It runs in the app's own document (st.html does not iframe), so it sees the connection status element.
_GUARD_JS = """
<span class="jy-guard" hidden></span>
<script>
(function () {
  var g = window.__jyGuard = window.__jyGuard || {};
  g.cfg = %s;
  if (g.timer) return;
  g.started = Date.now();
  g.downSince = null;
  g.busy = false;
  function healthy() {
    return fetch(g.cfg.health, {cache: "no-store"}).then(function (r) { return r.ok; }, function () { return false; });
  }
  function reload() {
    try { window.top.location.reload(); } catch (e) { window.location.reload(); }
  }
  g.timer = setInterval(function () {
    var now = Date.now();
    var down = !!document.querySelector('[data-testid="stConnectionStatus"]');
    g.downSince = down ? (g.downSince || now) : null;
    var due = (g.cfg.reloadMs && now - g.started >= g.cfg.reloadMs) ||
              (g.downSince !== null && now - g.downSince >= g.cfg.watchdogMs);
    if (!due || g.busy) return;
    g.busy = true;
    healthy().then(function (ok) { g.busy = false; if (ok) reload(); });
  }, 1000);
})();
</script>
"""

# The guard renders nothing; hide its element container so it takes no gap in the layout.
_GUARD_CSS = """
<style>
[data-testid="stElementContainer"]:has(.jy-guard) { display: none !important; }
</style>
"""


def _health_url() -> str:
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/_stcore/health" if base else "/_stcore/health"


def _browser_guard(reload_s: float | None) -> None:
    """Scheduled full reload and reconnection watchdog, in the browser (see the module docstring)."""
    cfg = {"reloadMs": int(reload_s * 1000) if reload_s else 0, "watchdogMs": int(WATCHDOG_S * 1000),
           "health": _health_url()}
    st.html(_GUARD_CSS)
    st.html(_GUARD_JS % json.dumps(cfg), unsafe_allow_javascript=True)


# --- rotation -------------------------------------------------------------------------------------------


def _registered_pages() -> list[tuple[str, str, str]]:
    """(url name, script path, page hash) of every page in st.navigation, in order; '' names the default page."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return []
    return [(str(p.get("url_pathname") or ""), str(p.get("script_path") or ""), str(p.get("page_script_hash")))
            for p in ctx.pages_manager.get_pages().values()]


def _names(url_name: str, script_path: str) -> set[str]:
    """The names a playlist may use for a page: its URL path, and its file stem (so 'overview' finds '/')."""
    stem = script_path.rsplit("/", 1)[-1].removesuffix(".py")
    return {url_name, stem} - {""}


def rotation() -> tuple[float, list[tuple[str, str]]] | None:
    """(interval, [(url name, script path), ...]) from ?rotate=&pages=, or None when not rotating."""
    interval = parse_duration(st.query_params.get("rotate"))
    if interval is None:
        return None
    pages = [(n, path, h) for n, path, h in _registered_pages() if path]
    wanted = [w.strip().strip("/").lower() for w in str(st.query_params.get("pages", "")).split(",") if w.strip()]
    if wanted:
        playlist = []
        for w in wanted:
            match = next(((n, path) for n, path, _ in pages if w in {x.lower() for x in _names(n, path)}), None)
            if match:
                playlist.append(match)
            else:
                log.warning("rotation: no page named %r", w)
    else:
        playlist = [(n, path) for n, path, _ in pages]
    if len(playlist) < 2 and not (len(playlist) == 1 and wanted):
        return None
    return max(ROTATE_MIN_S, interval), playlist


def _next_page(playlist: list[tuple[str, str]], current_path: str) -> tuple[str, str]:
    paths = [path for _, path in playlist]
    if current_path in paths:
        return playlist[(paths.index(current_path) + 1) % len(playlist)]
    return playlist[0]


def _current_script(page) -> str:
    current_hash = getattr(page, "_script_hash", None)
    return next((path for _, path, h in _registered_pages() if h == current_hash), "")


def _rotation(page) -> None:
    spec = rotation()
    if spec is None:
        return
    interval, playlist = spec
    here = _current_script(page)
    entered = st.session_state.get("_jy_rotation")
    if not entered or entered[0] != here:
        st.session_state["_jy_rotation"] = (here, time.monotonic())
    # A fragment, so only this timer reruns; the page itself (forms, dialogs) is left alone until the switch.
    st.fragment(run_every=interval)(_rotate_tick)(interval, playlist, here)


def _rotate_tick(interval: float, playlist: list[tuple[str, str]], here: str) -> None:
    entered = st.session_state.get("_jy_rotation")
    # The fragment also runs with the full page; switch only once the screen has been shown long enough.
    if not entered or entered[0] != here or time.monotonic() - entered[1] < interval * 0.9:
        return
    _, target = _next_page(playlist, here)
    if target == here:
        return
    st.session_state["_jy_rotation"] = (target, time.monotonic())
    st.switch_page(target, query_params=st.query_params.to_dict())
