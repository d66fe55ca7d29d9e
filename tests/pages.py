"""The pages the router registers, read from dashboards/app.py, so a new page is tested without a new test."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "dashboards" / "app.py"


def registered_pages() -> list[dict]:
    """[{"file": "screens/x.py", "title": ..., "url_path": "x" or ""}] for every st.Page in the router."""
    pages = []
    for node in ast.walk(ast.parse(APP.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Page":
            kw = {k.arg: ast.literal_eval(k.value) for k in node.keywords if isinstance(k.value, ast.Constant)}
            pages.append({"file": ast.literal_eval(node.args[0]), "title": kw.get("title", ""),
                          "url_path": "" if kw.get("default") else kw.get("url_path", "")})
    return pages
