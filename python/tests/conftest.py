"""Session-scoped real server and mock-llm; every test re-inits fallom against them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

import fallom
from _servers import API_KEY, MockLlm, TraceServer


@pytest.fixture(scope="session")
def server() -> Iterator[TraceServer]:
    instance = TraceServer().start()
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def mock() -> Iterator[MockLlm]:
    instance = MockLlm()
    yield instance
    instance.stop()


@pytest.fixture(autouse=True)
def traced(server: TraceServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """fallom initialised against the test server, with no FALLOM_* environment leaking in."""
    for name in (
        "FALLOM_API_KEY",
        "FALLOM_BASE_URL",
        "FALLOM_TRACES_URL",
        "FALLOM_CAPTURE_CONTENT",
        "FALLOM_DEBUG",
    ):
        monkeypatch.delenv(name, raising=False)
    fallom.init(api_key=API_KEY, base_url=server.url)
    yield
    fallom.flush(10)


@pytest.fixture
def session_id() -> str:
    return "py-" + uuid.uuid4().hex


@pytest.fixture
def session(session_id: str) -> Any:
    return fallom.session(
        config_key="py-tests",
        session_id=session_id,
        customer_id="user-1",
        metadata={"deployment": "test", "attempt": 2, "premium": True},
        tags=["pytest", "sdk"],
    )


def one_span(server: TraceServer, session_id: str) -> dict[str, Any]:
    """Flushes, then the single span of the session (fails on none or more than one)."""
    assert fallom.flush(10)
    spans = server.wait_for_spans(1, session_id=session_id)
    assert len(spans) == 1, [span["name"] for span in spans]
    return spans[0]
