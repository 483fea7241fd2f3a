"""The one HTTP helper of the config and prompt client: a GET or POST of JSON with the Bearer key and
a timeout. Plain `http.client` (like the span exporter), so a user's instrumentation of `requests`,
`httpx` or `urllib` never records our own traffic."""

from __future__ import annotations

import http.client
import json
import ssl
from typing import Any, Optional
from urllib.parse import urlsplit

from .._version import __version__


class RemoteError(Exception):
    """A failed request; `status` is the HTTP status, None for network errors and timeouts."""

    def __init__(self, message: str, status: Optional[int] = None) -> None:
        super().__init__(message)
        self.status = status


_ssl_context: Optional[ssl.SSLContext] = None


def request_json(url: str, api_key: str, timeout: float, body: Any = None) -> Any:
    """GET `url` (POST `body` as JSON when given) and parse the answer.

    Raises:
        RemoteError: network failure, timeout, a non-2xx status or a body that is not JSON.
    """
    global _ssl_context
    method = "GET" if body is None else "POST"
    what = f"{method} {url}"
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {
        "Authorization": f"Bearer {api_key}",
        "Accept": "application/json",
        "User-Agent": f"fallom-python/{__version__}",
    }
    payload: Optional[bytes] = None
    if body is not None:
        payload = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        if _ssl_context is None:
            _ssl_context = ssl.create_default_context()
        connection = http.client.HTTPSConnection(
            parts.hostname or "localhost", parts.port, timeout=timeout, context=_ssl_context
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname or "localhost", parts.port, timeout=timeout)
    try:
        try:
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except TimeoutError as error:
            raise RemoteError(f"{what} timed out") from error
        except (OSError, http.client.HTTPException) as error:
            raise RemoteError(f"{what} failed: {error or type(error).__name__}") from error
    finally:
        connection.close()
    text = data.decode("utf-8", errors="replace")
    if not 200 <= response.status < 300:
        detail = f": {text[:300]}" if text else ""
        raise RemoteError(f"{what} → {response.status}{detail}", response.status)
    if not text:
        return {}
    try:
        return json.loads(text)
    except ValueError as error:
        raise RemoteError(f"{what} → {response.status} but the body is not JSON") from error
