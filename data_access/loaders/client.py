"""The shared HTTP client for upstream systems: auth, timeouts, retries with backoff, pagination."""

from __future__ import annotations

import time
from dataclasses import dataclass

import requests

from data_access.config import Settings

RETRY_STATUS = frozenset({500, 502, 503, 504})


class UpstreamError(Exception):
    """An upstream answered nothing usable this cycle; the message says what and where."""


@dataclass
class Page:
    items: list[dict]
    cursor: str | None
    server_time: str | None


class UpstreamClient:
    """Reads resources from the configured upstream systems. Pass `session` to record or replay."""

    def __init__(
        self,
        settings: Settings,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = (3.05, 10.0),
        retries: int = 3,
        backoff_s: float = 0.5,
        page_size: int = 5000,
    ):
        self.settings = settings
        self.session = session or requests.Session()
        self.timeout = timeout
        self.retries = retries
        self.backoff_s = backoff_s
        self.page_size = page_size

    def _get(self, system: str, resource: str, params: dict) -> dict:
        url = f"{self.settings.url_for(system)}/{resource}"
        headers = {"Authorization": f"Bearer {self.settings.token_for(system)}"}
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff_s * 2 ** (attempt - 1))
            try:
                resp = self.session.get(url, params=params, headers=headers, timeout=self.timeout)
            except (requests.Timeout, requests.ConnectionError) as exc:
                last = f"{type(exc).__name__} from {url}"
                continue
            if resp.status_code in RETRY_STATUS:
                last = f"HTTP {resp.status_code} from {url}"
                continue
            if resp.status_code == 401:
                raise UpstreamError(f"HTTP 401 from {url}: the token was refused (check UPSTREAM_TOKEN)")
            if resp.status_code != 200:
                raise UpstreamError(f"HTTP {resp.status_code} from {url}")
            try:
                doc = resp.json()
            except ValueError:
                raise UpstreamError(f"malformed JSON from {url}") from None
            if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
                raise UpstreamError(f"unexpected answer from {url}: no 'items' list")
            return doc
        raise UpstreamError(f"{last} after {self.retries + 1} tries")

    def fetch(self, system: str, resource: str, updated_since: str | None = None, until: str | None = None) -> Page:
        """Every page of one resource; the cursor is the watermark to send next time."""
        items: list[dict] = []
        params: dict = {"page_size": self.page_size, "page": 1}
        if updated_since:
            params["updated_since"] = updated_since
        if until:
            params["until"] = until
        doc: dict = {}
        while True:
            doc = self._get(system, resource, params)
            items.extend(doc["items"])
            nxt = doc.get("next_page")
            if not nxt:
                break
            # Pin the window to the first page's clock so later pages cannot shift under us.
            params = {**params, "page": nxt, "until": params.get("until") or doc.get("server_time")}
        return Page(items, doc.get("cursor"), doc.get("server_time"))
