"""Export (SPEC §5.4, §5.7): nothing lost or duplicated across a server outage, never raising into
user code, working from threads, asyncio tasks and forked children."""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
from http.server import BaseHTTPRequestHandler

import pytest
from openai import AsyncOpenAI, OpenAI

import fallom
from _servers import API_KEY, TraceServer, free_port
from _sink import Sink

HELLO = [{"role": "user", "content": "Hello!"}]


def test_spans_made_while_the_server_is_down_arrive_once_it_is_up(mock):
    port = free_port()
    fallom.init(api_key=API_KEY, base_url=f"http://127.0.0.1:{port}")
    session = fallom.session(config_key="py-tests", session_id="py-outage-" + uuid.uuid4().hex)
    client = session.wrap_openai(OpenAI(base_url=mock.url + "/v1", api_key="sk-test"))
    for _ in range(5):
        client.chat.completions.create(model="gpt-4o", messages=HELLO)  # never raises, never blocks
    assert fallom.flush(1.5) is False  # nothing listening yet
    server = TraceServer(port=port).start()
    try:
        assert fallom.flush(40) is True
        spans = server.wait_for_spans(5, session_id=session.get_context().session_id, settle=1.0)
        assert len(spans) == 5
        assert len({span["span_id"] for span in spans}) == 5
    finally:
        fallom.shutdown(1)
        server.stop()


def _garbage(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", "7")
    handler.end_headers()
    handler.wfile.write(b"\x00garbage"[:7])


def _unauthorized(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(401)
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def _hang_up(handler: BaseHTTPRequestHandler) -> None:
    handler.close_connection = True
    handler.wfile.flush()
    handler.connection.close()


@pytest.mark.parametrize(
    "respond", [_garbage, _unauthorized, _hang_up], ids=["garbage", "wrong-key", "hang-up"]
)
def test_a_misbehaving_trace_server_never_reaches_user_code(mock, respond, caplog):
    sink = Sink(respond)
    try:
        fallom.init(api_key="flm_wrong", base_url=sink.url)
        client = fallom.session(config_key="k", session_id="s").wrap_openai(
            OpenAI(base_url=mock.url + "/v1", api_key="sk-test")
        )
        with caplog.at_level(logging.WARNING, logger="fallom"):
            reply = client.chat.completions.create(model="gpt-4o", messages=HELLO)
            assert reply.choices[0].message.content == "Mock reply to: Hello!"
            assert isinstance(fallom.flush(3), bool)
        assert sink.bodies, "the SDK did try to export"
        if respond is _unauthorized:
            assert any("401" in record.getMessage() for record in caplog.records)
    finally:
        fallom.shutdown(0.5)
        sink.close()


def test_fifty_concurrent_asyncio_tasks_each_keep_their_own_session(mock, server):
    run = uuid.uuid4().hex
    client = AsyncOpenAI(base_url=mock.url + "/v1", api_key="sk-test")

    async def handle(index: int) -> None:
        session = fallom.session(
            config_key="py-async", session_id=f"py-{run}-{index}", customer_id=f"user-{index}"
        )
        await session.wrap_openai(client).chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": f"request {index}"}]
        )

    async def main() -> None:
        await asyncio.gather(*(handle(index) for index in range(50)))

    asyncio.run(main())
    assert fallom.flush(10)
    for index in range(50):
        spans = server.wait_for_spans(1, session_id=f"py-{run}-{index}", settle=0)
        assert len(spans) == 1
        assert spans[0]["customer_id"] == f"user-{index}"
        assert spans[0]["input_messages"][0]["parts"][0]["content"] == f"request {index}"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_spans_from_a_forked_child_arrive(mock, server):
    session_id = "py-fork-" + uuid.uuid4().hex
    session = fallom.session(config_key="py-tests", session_id=session_id)
    client = session.wrap_openai(OpenAI(base_url=mock.url + "/v1", api_key="sk-test"))
    client.chat.completions.create(model="gpt-4o", messages=HELLO)  # parent span, worker thread running
    pid = os.fork()
    if pid == 0:  # the child: gunicorn/celery style worker
        code = 1
        try:
            client.chat.completions.create(
                model="gpt-4o", messages=[{"role": "user", "content": "from the child"}]
            )
            code = 0 if fallom.flush(10) else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert fallom.flush(10)
    spans = server.wait_for_spans(2, session_id=session_id)
    assert sorted(span["input_messages"][0]["parts"][0]["content"] for span in spans) == [
        "Hello!",
        "from the child",
    ]
