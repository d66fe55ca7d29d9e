"""Helpers for the browser tests: readiness, exceptions, scrolling, clipped text, touch targets, screenshots."""

from __future__ import annotations

import ast
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
READY_BUDGET_S = 20.0

# --- helpers ---------------------------------------------------------------------------------------------------

# --- the pages registered in dashboards/app.py ------------------------------------------------------------


@dataclass(frozen=True)
class PageSpec:
    name: str  # url_path, or the file stem of the default page (for artefact names)
    path: str  # URL path: "/" for the default page
    script: str


def registered_pages() -> list[PageSpec]:
    """Every st.Page("screens/x.py", ..., url_path="x") of the router, read with ast so new pages are covered."""
    tree = ast.parse((ROOT / "dashboards" / "app.py").read_text(encoding="utf-8"))
    pages = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "Page"):
            continue
        if not (node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            continue
        script = node.args[0].value
        kw = {k.arg: k.value.value for k in node.keywords if isinstance(k.value, ast.Constant)}
        url_path = kw.get("url_path")
        if kw.get("default") or not url_path:
            pages.append(PageSpec(Path(script).stem, "/", script))
        else:
            pages.append(PageSpec(str(url_path).strip("/"), "/" + str(url_path).strip("/"), script))
    assert pages, "no st.Page(...) found in dashboards/app.py"
    return pages


READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
BUSY = ("[data-testid='stSkeleton'], [data-testid='stAppSkeleton'], [data-testid='stSpinner'], "
        "[data-testid='stStatusWidgetRunningIcon'], [data-testid='stStatusWidgetRunningManIcon']")


def wait_ready(page, budget_s: float = READY_BUDGET_S) -> float:
    """Wait until the script has run and nothing is a skeleton or spinner; returns the seconds it took."""
    t0 = time.monotonic()
    page.wait_for_selector(READY, timeout=budget_s * 1000)
    page.wait_for_selector("[data-testid='stMainBlockContainer'] [data-testid='stElementContainer']",
                           timeout=budget_s * 1000)
    left = max(0.5, budget_s - (time.monotonic() - t0))
    page.wait_for_function(
        """([ready, busy]) => !!document.querySelector(ready) &&
             ![...document.querySelectorAll(busy)].some(e => e.getClientRects().length > 0)""",
        arg=[READY, BUSY], timeout=left * 1000, polling=200)
    return time.monotonic() - t0


def assert_no_exception(page) -> None:
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, "the page shows an exception: " + " | ".join(errors.all_inner_texts())[:2000]


# Streamlit 1.67 scrolls inside <section data-testid="stMain"> (overflow: auto); the document itself does not
# scroll. Measure both and report the larger, so a change of container in a later version is still caught.
_SCROLL_JS = """() => {
  const boxes = [document.querySelector('[data-testid="stMain"]'),
                 document.querySelector('[data-testid="stAppScrollToBottomContainer"]'),
                 document.scrollingElement].filter(Boolean);
  let x = 0, y = 0;
  for (const el of boxes) {
    const w = el === document.scrollingElement ? innerWidth : el.clientWidth;
    const h = el === document.scrollingElement ? innerHeight : el.clientHeight;
    x = Math.max(x, el.scrollWidth - w);
    y = Math.max(y, el.scrollHeight - h);
  }
  return [x, y];
}"""


def page_scroll(page) -> tuple[int, int]:
    """(horizontal, vertical) overflow in px of the Streamlit scroll container; (0, 0) means nothing scrolls."""
    x, y = page.evaluate(_SCROLL_JS)
    return int(x), int(y)


_CLIPPED_JS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
    if (!el.getClientRects().length || el.closest('[data-testid="stDataFrame"], [data-testid="stDeckGlJsonChart"], .js-plotly-plot')) continue;
    const cs = getComputedStyle(el);
    if (!['hidden', 'clip'].includes(cs.overflowX) && !['hidden', 'clip'].includes(cs.overflowY)) continue;
    const text = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
    if (!text) continue;
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
      out.push(text.slice(0, 40) + ` (${el.scrollWidth}>${el.clientWidth} px)`);
  }
  return out;
}"""


def overflowing_text(page) -> list[str]:
    """Texts clipped by an overflow-hidden element (ellipsis or cut), for the failure message."""
    return page.evaluate(_CLIPPED_JS)


def small_touch_targets(page, minimum: int = 44) -> list[str]:
    """Visible buttons lower than `minimum` px, described for the failure message."""
    return page.evaluate(
        """(minimum) => [...document.querySelectorAll('button, [role="button"]')]
             .filter(b => { const r = b.getBoundingClientRect(); return r.width > 0 && r.height > 0 &&
                            getComputedStyle(b).visibility !== 'hidden' && r.height < minimum; })
             .map(b => `${b.getAttribute('data-testid') || b.tagName}:"${(b.innerText || b.getAttribute('aria-label') || '').trim().slice(0, 20)}" ${Math.round(b.getBoundingClientRect().height)}px`)""",
        minimum)


def covered_by_header(page) -> int:
    """Pixels of the page's first element hidden under a visible Streamlit header (0 when none)."""
    return int(page.evaluate(
        """() => {
          const header = document.querySelector('header[data-testid="stHeader"]');
          const first = document.querySelector('[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]');
          if (!header || !first || !header.getClientRects().length) return 0;
          const bg = getComputedStyle(header).backgroundColor;
          if (bg === 'transparent' || bg === 'rgba(0, 0, 0, 0)') return 0;
          return Math.max(0, header.getBoundingClientRect().bottom - first.getBoundingClientRect().top);
        }"""))


def screenshot(page, name: str) -> Path:
    path = ARTIFACTS / "screens" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    return path
