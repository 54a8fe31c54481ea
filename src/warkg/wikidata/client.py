"""A small, polite SPARQL client for the Wikidata query service or any compatible endpoint.

The public service asks every client for a User-Agent that names the tool and a way to
reach its authors, answers overload with HTTP 429 and a Retry-After header, and can be
slow. Requests go through `warkg.engines.http.send` (our User-Agent, one time limit for
the whole request), and 429 (or 503 with Retry-After) is retried a bounded number of
times within a bounded total wait. Every failure becomes one `EndpointError` line (exit
2). Only SELECT queries this package writes itself are sent; results are SPARQL 1.1
JSON.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from warkg.engines import http
from warkg.errors import InputError
from warkg.wikidata.cache import Cache

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
DEFAULT_TIMEOUT = 30.0
MAX_RETRIES = 3
MAX_TOTAL_WAIT = 60.0
WAIT_WITHOUT_RETRY_AFTER = 5.0
RETRY_STATUSES = (429, 503)

USER_AGENT = http.AGENT


class EndpointError(InputError):
    """The endpoint could not be reached or did not answer with SPARQL JSON results."""


@dataclass(frozen=True)
class Term:
    """One RDF term of a SPARQL JSON result: `kind` is uri, literal or bnode."""

    kind: str
    value: str
    lang: str | None = None
    datatype: str | None = None


Row = dict[str, Term]


def parse_retry_after(header: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date);
    None if absent or unreadable. Never negative."""
    if header is None:
        return None
    text = header.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def parse_results(payload: Any) -> list[Row]:
    """The rows of a SPARQL 1.1 JSON SELECT result; ValueError if it is not one."""
    if not isinstance(payload, dict):
        raise ValueError("not a JSON object")
    results = payload.get("results")
    bindings = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(bindings, list):
        raise ValueError("no results.bindings list")
    rows = []
    for binding in bindings:
        if not isinstance(binding, dict):
            raise ValueError("a binding is not an object")
        row = {}
        for name, term in binding.items():
            if not isinstance(term, dict) or "type" not in term or "value" not in term:
                raise ValueError(f"binding ?{name} has no type or value")
            kind = "literal" if term["type"] == "typed-literal" else term["type"]
            row[name] = Term(kind, str(term["value"]), term.get("xml:lang"), term.get("datatype"))
        rows.append(row)
    return rows


def _check_endpoint(endpoint: str) -> str:
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"--endpoint {endpoint!r} is not an http(s) URL")
    return endpoint


def _body_excerpt(text: str) -> str:
    line = " ".join(text.split())
    return f": {line[:200]}" if line else ""


class PoliteClient:
    """The etiquette every request to a Wikidata service shares: our User-Agent, a
    deadline for the whole request, and bounded retries on 429 (or 503 with
    Retry-After, or whatever `_asks_to_wait` recognises). `sleep` is injectable so tests
    can see the waits; `max_retries` and `max_total_wait` bound how long a rate limit
    can hold us. `endpoint` is the URL asked, and names it in every error."""

    def __init__(
        self,
        endpoint: str = DEFAULT_ENDPOINT,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = MAX_RETRIES,
        max_total_wait: float = MAX_TOTAL_WAIT,
        sleep: Callable[[float], None] = time.sleep,
        cache: Cache | None = None,
    ) -> None:
        self.endpoint = _check_endpoint(endpoint)
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_total_wait = max_total_wait
        self.sleep = sleep
        self.cache = cache
        self.requests_sent = 0
        self.waits: list[float] = []

    def _asks_to_wait(self, response: http.Answer) -> tuple[str, float | None] | None:
        """(what it said, seconds asked or None) if `response` asks us to come back
        later; None if it is an answer. 503 without Retry-After is an answer (an error)."""
        if response.status in RETRY_STATUSES:
            asked = parse_retry_after(response.headers.get("Retry-After"))
            if response.status == 503 and asked is None:
                return None
            return f"HTTP {response.status}", asked
        return None

    def _get(self, params: dict[str, str], accept: str) -> http.Answer:
        """One GET with `params`, retried as the service asks within our bounds; the
        final response (any status), or EndpointError."""
        headers = {"Accept": accept}  # and our User-Agent (`http.send`)
        waited = 0.0
        retries = 0
        while True:
            self.requests_sent += 1
            try:
                response = http.send(
                    self.endpoint,
                    method="GET",
                    params=params,
                    headers=headers,
                    timeout=self.timeout,
                )
            except http.Late:
                raise EndpointError(
                    f"{self.endpoint}: no answer within {self.timeout:g} s"
                ) from None
            except http.Unreachable as error:
                raise EndpointError(
                    f"cannot reach SPARQL endpoint {self.endpoint}: {error.reason}"
                ) from None
            busy = self._asks_to_wait(response)
            if busy is None:
                return response
            said, asked = busy
            wait = WAIT_WITHOUT_RETRY_AFTER if asked is None else asked
            if retries >= self.max_retries:
                raise EndpointError(
                    f"{self.endpoint}: still {said} after {retries} retries; try again later"
                )
            if waited + wait > self.max_total_wait:
                raise EndpointError(
                    f"{self.endpoint}: {said} asks to wait {wait:g} s, "
                    f"more than the {self.max_total_wait - waited:g} s left of the "
                    f"{self.max_total_wait:g} s budget; try again later"
                )
            self.waits.append(wait)
            self.sleep(wait)
            waited += wait
            retries += 1


class SparqlClient(PoliteClient):
    """Sends SELECT queries to one SPARQL endpoint; answers are cached when a `cache`
    is given (never for `warkg wikidata accept` and `check`, which must be live)."""

    def select(self, query: str) -> list[Row]:
        """Run one SELECT query; EndpointError if the endpoint fails us."""
        params = {"query": query}
        if self.cache is not None:
            stored = self.cache.get(self.endpoint, params)
            if stored is not None:
                return parse_results(stored)
        response = self._get(params, "application/sparql-results+json")
        if response.status == 503:
            raise EndpointError(f"{self.endpoint}: HTTP 503 (service unavailable)")
        if response.status != 200:
            raise EndpointError(
                f"{self.endpoint}: HTTP {response.status}{_body_excerpt(response.text)}"
            )
        try:
            payload = json.loads(response.body)
            rows = parse_results(payload)
        except (ValueError, UnicodeDecodeError) as error:
            raise EndpointError(
                f"{self.endpoint}: the answer is not SPARQL JSON results ({error})"
            ) from None
        if self.cache is not None:
            self.cache.put(self.endpoint, params, payload)
        return rows
