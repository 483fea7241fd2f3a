"""One batch → `POST {traces_url}/v1/traces`: protobuf, gzip, Bearer key, retries (SPEC §5.7).

Plain `http.client` rather than `requests`/`httpx`: no extra dependency, and the exporter's own
HTTP calls can never be picked up by a user's HTTP instrumentation of those libraries.
"""

from __future__ import annotations

import email.utils
import gzip
import http.client
import random
import ssl
import threading
import time
from collections.abc import Sequence
from typing import Callable, Optional
from urllib.parse import urlsplit

from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans

from .. import _log
from .._span_record import Exportable, readable_span
from .._version import __version__

RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
MAX_ATTEMPTS = 5
ATTEMPT_TIMEOUT_S = 10.0
MAX_RETRY_AFTER_S = 30.0
MAX_BACKOFF_S = 5.0


class _Response:
    __slots__ = ("body", "retry_after", "status")

    def __init__(self, status: int, retry_after: Optional[float], body: bytes) -> None:
        self.status = status
        self.retry_after = retry_after
        self.body = body


def parse_retry_after(value: Optional[str]) -> Optional[float]:
    """`Retry-After` as seconds (delta or HTTP date), capped at 30 s; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = parsed.timestamp() - time.time()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)


def backoff_delay(attempt: int) -> float:
    """1 s × 1.5ⁿ, at most 5 s, ± 20 % jitter so many processes don't retry in step."""
    base = min(1.0 * (1.5**attempt), MAX_BACKOFF_S)
    return base * random.uniform(0.8, 1.2)


class OtlpHttpTransport:
    """Sends span batches. Never raises: `send` returns the spans to keep queued for a later try
    (a retryable failure outlasted every attempt); accepted and permanently rejected spans are gone."""

    def __init__(self, traces_url: str, api_key: str, stop_event: Callable[[], threading.Event]) -> None:
        parts = urlsplit(traces_url + "/v1/traces")
        self._https = parts.scheme == "https"
        self._host = parts.hostname or "localhost"
        self._port = parts.port
        self._path = parts.path or "/v1/traces"
        self._headers = {
            "Content-Type": "application/x-protobuf",
            "Content-Encoding": "gzip",
            "Authorization": f"Bearer {api_key}",
            "User-Agent": f"fallom-python/{__version__}",
        }
        self._stop_event = stop_event
        self._ssl_context: Optional[ssl.SSLContext] = ssl.create_default_context() if self._https else None

    def send(self, spans: Sequence[Exportable], *, allow_split: bool = True) -> list[Exportable]:
        try:
            encoded = encode_spans([readable_span(span) for span in spans]).SerializeToString()
            body = gzip.compress(encoded, compresslevel=5)
        except Exception as error:  # an unencodable span must not wedge the queue
            _log.debug("dropping %d spans that could not be encoded: %r", len(spans), error)
            return []
        for attempt in range(MAX_ATTEMPTS):
            response = self._post(body)
            if response is not None and response.status < 300:
                return []
            if response is not None and response.status == 413:
                return self._split(spans) if allow_split else self._drop_too_large(spans)
            if response is not None and response.status == 401:
                _log.warn_rate_limited(
                    "401", "the trace server rejected the API key (401); spans are being dropped."
                )
                return []
            if response is not None and response.status not in RETRYABLE_STATUSES:
                _log.debug("trace export got HTTP %d; dropping %d spans", response.status, len(spans))
                return []
            if attempt == MAX_ATTEMPTS - 1:
                break
            delay = response.retry_after if response is not None else None
            if delay is None:
                delay = backoff_delay(attempt)
            if self._stop_event().wait(delay):
                break
        _log.debug("trace export failed after retries; keeping %d spans queued", len(spans))
        return list(spans)

    def _split(self, spans: Sequence[Exportable]) -> list[Exportable]:
        """413: halve once (SPEC §5.7); each half gets its own retries but no second split."""
        if len(spans) <= 1:
            return self._drop_too_large(spans)
        middle = len(spans) // 2
        return self.send(spans[:middle], allow_split=False) + self.send(spans[middle:], allow_split=False)

    @staticmethod
    def _drop_too_large(spans: Sequence[Exportable]) -> list[Exportable]:
        _log.debug("dropping %d spans the server found too large (413)", len(spans))
        return []

    def _post(self, body: bytes) -> Optional[_Response]:
        """One attempt; None on a network error or timeout."""
        connection: http.client.HTTPConnection
        try:
            if self._https:
                connection = http.client.HTTPSConnection(
                    self._host, self._port, timeout=ATTEMPT_TIMEOUT_S, context=self._ssl_context
                )
            else:
                connection = http.client.HTTPConnection(self._host, self._port, timeout=ATTEMPT_TIMEOUT_S)
            try:
                connection.request("POST", self._path, body=body, headers=self._headers)
                raw = connection.getresponse()
                data = raw.read()
                return _Response(raw.status, parse_retry_after(raw.getheader("Retry-After")), data)
            finally:
                connection.close()
        except Exception as error:
            _log.debug("trace export attempt failed: %r", error)
            return None
