"""Wikidata's search API (MediaWiki `action=wbsearchentities`), asked politely.

Beyond the shared etiquette (`PoliteClient`: User-Agent, whole-request deadline,
bounded retries on 429 and Retry-After), the MediaWiki API has its own: every request
carries `maxlag` (default 5 s), and when the database replicas lag more than that the
API answers `{"error": {"code": "maxlag"}}` with a Retry-After header, often with
status 200: that is a request to come back later, not an answer, and is retried within
the same bounds. Answers are cached on disk when a cache is given.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from warkg.wikidata.client import EndpointError, PoliteClient, _body_excerpt, parse_retry_after

DEFAULT_API = "https://www.wikidata.org/w/api.php"
DEFAULT_MAXLAG = 5
SEARCH_LIMIT = 10


@dataclass(frozen=True)
class SearchHit:
    """One wbsearchentities result: the item, its label and description, and which of
    its names matched (`match_type` label or alias, `match_text` the name)."""

    qid: str
    label: str
    description: str
    match_type: str
    match_text: str
    rank: int


class SearchApi(PoliteClient):
    """`search(name)` against one MediaWiki API URL (Wikidata's, or a local test one)."""

    def __init__(self, endpoint: str = DEFAULT_API, *, maxlag: int = DEFAULT_MAXLAG, **kw: Any):
        super().__init__(endpoint, **kw)
        self.maxlag = maxlag

    def _asks_to_wait(self, response: Any) -> tuple[str, float | None] | None:
        busy = super()._asks_to_wait(response)
        if busy is not None:
            return busy
        if response.status in (200, 503) and b'"maxlag"' in response.body[:2000]:
            try:
                code = json.loads(response.body).get("error", {}).get("code")
            except (ValueError, AttributeError):
                return None
            if code == "maxlag":
                lag = response.headers.get("X-Database-Lag", "?")
                asked = parse_retry_after(response.headers.get("Retry-After"))
                return f"maxlag (replication lag {lag} s)", asked
        return None

    def call(self, params: dict[str, str]) -> dict[str, Any]:
        """One API call; the JSON answer, or EndpointError naming what went wrong."""
        params = {**params, "format": "json", "formatversion": "2", "maxlag": str(self.maxlag)}
        if self.cache is not None:
            stored = self.cache.get(self.endpoint, params)
            if isinstance(stored, dict):
                return stored
        response = self._get(params, "application/json")
        if response.status != 200:
            raise EndpointError(
                f"{self.endpoint}: HTTP {response.status}{_body_excerpt(response.text)}"
            )
        try:
            payload = json.loads(response.body)
        except (ValueError, UnicodeDecodeError) as error:
            raise EndpointError(f"{self.endpoint}: the answer is not JSON ({error})") from None
        if not isinstance(payload, dict):
            raise EndpointError(f"{self.endpoint}: the answer is not a JSON object")
        if "error" in payload:
            error = payload["error"] if isinstance(payload["error"], dict) else {}
            raise EndpointError(
                f"{self.endpoint}: API error {error.get('code', '?')}: "
                f"{' '.join(str(error.get('info', '')).split())[:200]}"
            )
        if self.cache is not None:
            self.cache.put(self.endpoint, params, payload)
        return payload

    def search(self, name: str, limit: int = SEARCH_LIMIT) -> list[SearchHit]:
        """Items whose English label or alias matches `name`, in the API's order."""
        payload = self.call(
            {
                "action": "wbsearchentities",
                "search": name,
                "language": "en",
                "uselang": "en",
                "type": "item",
                "limit": str(limit),
            }
        )
        found = payload.get("search")
        if not isinstance(found, list):
            raise EndpointError(f"{self.endpoint}: wbsearchentities answer has no 'search' list")
        hits = []
        for rank, hit in enumerate(found):
            if not isinstance(hit, dict) or not isinstance(hit.get("id"), str):
                raise EndpointError(f"{self.endpoint}: a search result has no 'id'")
            match = hit.get("match") if isinstance(hit.get("match"), dict) else {}
            hits.append(
                SearchHit(
                    qid=hit["id"],
                    label=str(hit.get("label") or ""),
                    description=str(hit.get("description") or ""),
                    match_type=str(match.get("type") or "label"),
                    match_text=str(match.get("text") or hit.get("label") or ""),
                    rank=rank,
                )
            )
        return hits
