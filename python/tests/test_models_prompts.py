"""`fallom.models` and `fallom.prompts` against the real server (configs, prompts and prompt A/B tests
created through `/api/v1/...`): the same assignments as the server's own function, version pinning,
rollback, the cache when the server is down, and prompt / variant linkage on spans under threads and
asyncio tasks."""

from __future__ import annotations

import asyncio
import random
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from _ab_server import (
    api,
    refresh,
    server_assignments,
    session_detail,
    settle_assignment_records,
    unique_key,
)
from openai import AsyncOpenAI, OpenAI

import fallom
from _servers import API_KEY, TraceServer, closed_port_url, free_port
from fallom._ab._hashing import pick_variant, session_bucket

HELLO = [{"role": "user", "content": "Hello!"}]
UNICODE_IDS = [
    "séance-ü",
    "会话-42",
    "🙂",
    "",
    "user@example.com",
    "tab\there",
    "ß" * 300,
    "Ωmega-" + "é" * 5,
]


def create_config(
    server: TraceServer, key: str, variants: list[Any], targeting: Any = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"key": key, "variants": variants}
    if targeting is not None:
        body["targeting"] = targeting
    return dict(api(server, "POST", "/api/v1/configs", body))


def create_prompt(server: TraceServer, key: str, system: str, user: str) -> None:
    api(server, "POST", "/api/v1/prompts", {"key": key, "system_prompt": system, "user_template": user})


def new_prompt_version(server: TraceServer, key: str, system: str, user: str) -> int:
    version = api(
        server, "POST", f"/api/v1/prompts/{key}/versions", {"system_prompt": system, "user_template": user}
    )
    return int(version["version"])


TARGETED = {
    "variants": [
        {"model": "gpt-4o", "weight": 45.5},
        {"model": "claude-sonnet-4-20250514", "weight": 24.5},
        {"model": "gpt-4o-mini", "weight": 20},
    ],
    "targeting": {
        "enabled": True,
        "individualTargets": [{"field": "customerId", "value": "vip-1", "variantIndex": 2}],
        "rules": [
            {
                "conditions": [
                    {"field": "plan", "operator": "in", "value": ["pro", "team"]},
                    {"field": "region", "operator": "startsWith", "value": "eu"},
                ],
                "variantIndex": 1,
            },
            {"conditions": [{"field": "email", "operator": "endsWith", "value": ".edu"}], "variantIndex": 0},
            {"conditions": [{"field": "beta", "operator": "eq", "value": "true"}], "variantIndex": 2},
            {
                "conditions": [{"field": "tier", "operator": "nin", "value": ["free", "trial"]}],
                "variantIndex": 1,
            },
            {"conditions": [{"field": "name", "operator": "contains", "value": "bot"}], "variantIndex": 0},
            {"conditions": [{"field": "plan", "operator": "neq", "value": "free"}], "variantIndex": 2},
        ],
    },
}


def random_case(rng: random.Random, index: int) -> dict[str, Any]:
    session_id = rng.choice(
        [
            f"s-{index}-{rng.random()}",
            UNICODE_IDS[index % len(UNICODE_IDS)] + str(index),
            "".join(chr(rng.randint(0x20, 0xD7FF)) for _ in range(rng.randint(1, 16))),
        ]
    )
    context: dict[str, Any] = {}
    for field, values in {
        "plan": ["pro", "team", "free", "enterprise"],
        "region": ["eu-west", "us-east", "eu"],
        "email": ["a@b.edu", "c@d.com"],
        "beta": [True, False, "true"],
        "tier": ["free", "gold"],
        "name": ["robot", "ann"],
    }.items():
        if rng.random() < 0.3:
            context[field] = rng.choice(values)
    case: dict[str, Any] = {"session_id": session_id, "context": context}
    if rng.random() < 0.2:
        case["customer_id"] = rng.choice(["vip-1", "vip-2"])
    return case


def test_models_get_assigns_exactly_as_the_server_for_many_sessions_with_targeting(server):
    key = unique_key("py-ab")
    create_config(server, key, TARGETED["variants"], TARGETED["targeting"])
    refresh()
    rng = random.Random(42)
    cases = [random_case(rng, index) for index in range(600)]
    expected = server_assignments({"key": key, "version": 1, **TARGETED}, cases)
    got = [
        fallom.models.get(
            key, case["session_id"], customer_id=case.get("customer_id"), context=case["context"]
        )
        for case in cases
    ]
    assert got == [assignment["model"] for assignment in expected]
    vias = {assignment["via"] for assignment in expected}
    assert vias == {"individual_target", "rule", "hash"}  # every path was exercised
    # The same session always gets the same model.
    assert [
        fallom.models.get(
            key, case["session_id"], customer_id=case.get("customer_id"), context=case["context"]
        )
        for case in cases[:50]
    ] == got[:50]


def test_assignments_are_recorded_once_on_the_server_off_the_callers_thread(server):
    key = unique_key("py-rec")
    create_config(server, key, [{"model": "gpt-4o", "weight": 50}, {"model": "gpt-4o-mini", "weight": 50}])
    refresh()
    session_ids = [unique_key("rec") for _ in range(5)] + ["会话-" + unique_key("x")]
    models = {sid: fallom.models.get(key, sid) for sid in session_ids}
    fallom.models.get(key, session_ids[0])  # a repeat is not sent again
    settle_assignment_records()
    for sid, model in models.items():
        detail = session_detail(server, sid)
        assert detail is not None, sid
        assert [
            (a["config_key"], a["config_version"], a["assigned_model"]) for a in detail["assignments"]
        ] == [(key, 1, model)]
    # A fallback is never recorded.
    missing_sid = unique_key("fb")
    assert fallom.models.get(unique_key("nope"), missing_sid, fallback="fallback-model") == "fallback-model"
    settle_assignment_records()
    assert session_detail(server, missing_sid) is None


def test_version_pinning_rollback_and_unknown_versions(server):
    key = unique_key("py-ver")
    create_config(server, key, [{"model": "model-v1", "weight": 100}])
    api(
        server,
        "POST",
        f"/api/v1/configs/{key}/versions",
        {"variants": [{"model": "model-v2", "weight": 100}]},
    )
    refresh()
    assert fallom.models.get(key, "s1") == "model-v2"
    assert fallom.models.get(key, "s1", version=1) == "model-v1"  # GET /configs/{key}/version/1
    assert fallom.models.get(key, "s1", version=2) == "model-v2"
    with pytest.raises(fallom.NotFoundError, match=rf"^Config '{key}' version 9 not found"):
        fallom.models.get(key, "s1", version=9)
    assert fallom.models.get(key, "s1", version=9, fallback="fb") == "fb"
    api(server, "POST", f"/api/v1/configs/{key}/current", {"version": 1})  # roll back
    refresh()
    assert fallom.models.get(key, "s1") == "model-v1"
    with pytest.raises(ValueError, match=r"^Config 'py-never-\w+' not found on the server"):
        fallom.models.get(unique_key("py-never"), "s1")


def test_server_down_gives_the_fallback_then_real_assignments_then_keeps_the_stale_cache(mock):
    port = free_port()
    fallom.init(api_key=API_KEY, base_url=f"http://127.0.0.1:{port}")
    key = "py-down"
    assert fallom.models.get(key, "s1", fallback="fallback-model") == "fallback-model"
    with pytest.raises(fallom.NotFoundError, match="could not be fetched"):
        fallom.models.get(key, "s1")
    prompt = fallom.prompts.get("greet", variables={"n": "Ann"}, fallback={"system": "S", "user": "Hi {{n}}"})
    assert (prompt.key, prompt.version, prompt.system, prompt.user) == ("greet", 0, "S", "Hi Ann")
    backend = TraceServer(port=port).start()
    try:
        create_config(backend, key, [{"model": "real-model", "weight": 100}])
        create_prompt(backend, "greet", "Sys", "Hello {{n}}")
        refresh()  # the next refresh serves real assignments
        assert fallom.models.get(key, "s1", fallback="fallback-model") == "real-model"
        assert fallom.prompts.get("greet", variables={"n": "Ann"}).user == "Hello Ann"
    finally:
        backend.stop()
    refresh()  # fails: the stale cache is kept
    assert fallom.models.get(key, "s1", fallback="fallback-model") == "real-model"
    assert fallom.prompts.get("greet", variables={"n": "Bo"}).user == "Hello Bo"
    fallom.prompts.clear_prompt_context()


def test_without_an_api_key_only_the_fallback_can_be_returned(monkeypatch):
    fallom.shutdown()
    monkeypatch.delenv("FALLOM_API_KEY", raising=False)
    assert fallom.models.get("k", "s", fallback="fb") == "fb"
    with pytest.raises(ValueError, match="FALLOM_API_KEY"):
        fallom.models.get("k", "s")


def test_bad_arguments_get_clear_errors():
    with pytest.raises(ValueError, match="config_key must be a non-empty string"):
        fallom.models.get("", "s", fallback="x")
    with pytest.raises(ValueError, match="version must be a whole number"):
        fallom.models.get("k", "s", version=0)
    with pytest.raises(ValueError, match="variables must be a mapping"):
        fallom.prompts.get("p", variables=["x"])  # type: ignore[arg-type]


def test_prompts_get_renders_pins_rolls_back_and_links_the_context(server, mock, session_id):
    key = unique_key("py-prompt")
    create_prompt(server, key, "You are {{ role }}.", "Hi {{name}}, {{ missing }} {{flag}} {{n}} {{x}}")
    assert new_prompt_version(server, key, "v2 {{role}}", "{{name}}") == 2
    refresh()
    variables = {"role": "helpful", "name": "Ann", "flag": True, "n": 1.0, "x": [1, "a"]}
    current = fallom.prompts.get(key, variables=variables)
    assert (current.version, current.system, current.user) == (2, "v2 helpful", "Ann")
    pinned = fallom.prompts.get(key, variables=variables, version=1)
    assert (pinned.version, pinned.system, pinned.user) == (
        1,
        "You are helpful.",
        'Hi Ann, {{ missing }} true 1 [1,"a"]',
    )
    assert fallom.prompts.get_prompt_context() == {
        "prompt_key": key,
        "prompt_version": 1,
        "ab_test_key": None,
        "variant_index": None,
    }
    assert fallom.prompts.get_prompt_context() is not None  # reading does not clear
    client = fallom.session(config_key="py-prompts", session_id=session_id).wrap_openai(
        OpenAI(base_url=mock.url + "/v1", api_key="sk")
    )
    client.chat.completions.create(model="gpt-4o", messages=HELLO)
    client.chat.completions.create(model="gpt-4o", messages=HELLO)
    fallom.prompts.clear_prompt_context()
    client.chat.completions.create(model="gpt-4o", messages=HELLO)
    assert fallom.flush(10)
    spans = sorted(server.wait_for_spans(3, session_id=session_id), key=lambda span: span["start_time"])
    assert [(span["prompt_key"], span["prompt_version"]) for span in spans] == [
        (key, 1),
        (key, 1),
        (None, None),
    ]
    with pytest.raises(fallom.NotFoundError, match=rf"^Prompt '{key}' version 7 not found"):
        fallom.prompts.get(key, version=7)
    api(server, "POST", f"/api/v1/prompts/{key}/current", {"version": 1})
    refresh()
    assert fallom.prompts.get(key, variables=variables).version == 1
    fallom.prompts.clear_prompt_context()


def test_prompts_get_ab_picks_the_sticky_arm_and_links_test_and_variant(server, mock, session_id):
    first, second = unique_key("py-arm-a"), unique_key("py-arm-b")
    create_prompt(server, first, "A1", "a {{x}}")
    new_prompt_version(server, first, "A2", "a2 {{x}}")
    create_prompt(server, second, "B1", "b {{x}}")
    test_key = unique_key("py-abtest")
    weights = [30, 25.5, 44.5]
    api(
        server,
        "POST",
        "/api/v1/prompt-ab-tests",
        {
            "key": test_key,
            "variants": [
                {"prompt_key": first, "prompt_version": 1, "weight": weights[0]},
                {"prompt_key": first, "prompt_version": None, "weight": weights[1]},
                {"prompt_key": second, "weight": weights[2]},
            ],
        },
    )
    refresh()
    expected_texts = [("A1", "a 1"), ("A2", "a2 1"), ("B1", "b 1")]
    seen = set()
    for sid in [f"ab-{i}" for i in range(200)] + UNICODE_IDS:
        result = fallom.prompts.get_ab(test_key, sid, variables={"x": 1})
        index = pick_variant(weights, session_bucket(sid))
        assert (result.ab_test_key, result.variant_index) == (test_key, index)
        assert (result.system, result.user) == expected_texts[index]
        seen.add(index)
    assert seen == {0, 1, 2}
    with pytest.raises(fallom.NotFoundError, match=r"^Prompt A/B test 'py-none-\w+' not found"):
        fallom.prompts.get_ab(unique_key("py-none"), "s")
    session = fallom.session(config_key="py-prompts", session_id=session_id)
    chosen = session.get_prompt_ab(test_key, variables={"x": 2})
    assert fallom.prompts.get_prompt_context() is not None  # the module-level link from the loop
    fallom.prompts.clear_prompt_context()
    session.wrap_openai(OpenAI(base_url=mock.url + "/v1", api_key="sk")).chat.completions.create(
        model="gpt-4o", messages=HELLO
    )
    assert fallom.flush(10)
    (span,) = server.wait_for_spans(1, session_id=session_id)
    assert (
        span["prompt_key"],
        span["prompt_version"],
        span["prompt_ab_test_key"],
        span["prompt_variant_index"],
    ) == (
        chosen.key,
        chosen.version,
        test_key,
        chosen.variant_index,
    )


def test_session_get_model_passes_customer_and_metadata_and_records_the_variant_on_spans(server, mock):
    key = unique_key("py-sess")
    create_config(
        server,
        key,
        [
            {"model": "gpt-4o", "weight": 100},
            {"model": "gpt-4o-mini", "weight": 0},
            {"model": "o3", "weight": 0},
        ],
        {
            "enabled": True,
            "individualTargets": [{"field": "customerId", "value": "vip", "variantIndex": 1}],
            "rules": [
                {"conditions": [{"field": "premium", "operator": "eq", "value": "true"}], "variantIndex": 2}
            ],
        },
    )
    refresh()
    vip = fallom.session(config_key=key, session_id=unique_key("vip"), customer_id="vip")
    premium = fallom.session(config_key=key, session_id=unique_key("prem"), metadata={"premium": True})
    plain = fallom.session(config_key=key, session_id=unique_key("plain"), metadata={"premium": False})
    assert vip.get_model_sync() == "gpt-4o-mini"
    assert asyncio.run(premium.get_model()) == "o3"
    assert plain.get_model_sync() == "gpt-4o"
    assert plain.get_model_sync(context={"premium": "true"}) == "o3"
    openai = OpenAI(base_url=mock.url + "/v1", api_key="sk")
    for session in (vip, premium, plain):
        session.wrap_openai(openai).chat.completions.create(model="gpt-4o", messages=HELLO)
    other = fallom.session(config_key="other-key", session_id=unique_key("other"))
    assert other.get_model_sync(key, fallback="x") == "gpt-4o"  # another config: not recorded on spans
    other.wrap_openai(openai).chat.completions.create(model="gpt-4o", messages=HELLO)
    assert fallom.flush(10)
    for session, variant in ((vip, 1), (premium, 2), (plain, 2), (other, None)):
        (span,) = server.wait_for_spans(1, session_id=session.get_context().session_id)
        attributes = span["attributes"]
        assert attributes.get("fallom.model_variant_index") == variant
        assert attributes.get("fallom.model_config_version") == (None if variant is None else 1)


def test_async_get_model_waits_for_a_cold_miss_off_the_event_loop(server):
    key = unique_key("py-async")
    create_config(server, key, [{"model": "m-async", "weight": 100}])

    async def main() -> list[str]:
        session = fallom.session(config_key=key, session_id="s")
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0)

        task = asyncio.ensure_future(ticker())
        models = await asyncio.gather(*(session.get_model() for _ in range(5)))
        task.cancel()
        assert ticks > 0  # the loop kept running while the config was fetched
        return list(models)

    fallom.init(api_key=API_KEY, base_url=server.url, debug=True)  # other options: a new, cold client
    assert asyncio.run(main()) == ["m-async"] * 5


def test_prompt_linkage_stays_with_its_session_under_threads(server, mock):
    keys = [unique_key(f"py-thr{i}") for i in range(4)]
    for index, key in enumerate(keys):
        create_prompt(server, key, f"system {index}", "{{q}}")
    refresh()
    openai = OpenAI(base_url=mock.url + "/v1", api_key="sk")
    run = unique_key("thr")

    def work(index: int) -> tuple[str, Any]:
        session = fallom.session(config_key="py-threads", session_id=f"{run}-{index}")
        key = keys[index % len(keys)]
        if index % 3 == 0:
            session.get_prompt(key, variables={"q": index})
        elif index % 3 == 1:
            fallom.prompts.get(key, variables={"q": index})  # this thread's context only
        else:
            key = None
        view = session.wrap_openai(openai)
        try:
            view.chat.completions.create(model="gpt-4o", messages=HELLO)
            view.chat.completions.create(model="gpt-4o", messages=HELLO)
        finally:
            # A pool thread keeps its context from task to task: a module-level link lasts until
            # cleared (SPEC §8.4), so code that links per task clears when the task is done.
            fallom.prompts.clear_prompt_context()
        return session.get_context().session_id, key

    with ThreadPoolExecutor(max_workers=8) as pool:
        expected = list(pool.map(work, range(24)))
    assert fallom.prompts.get_prompt_context() is None  # nothing leaked into this thread
    assert fallom.flush(10)
    for sid, key in expected:
        spans = server.wait_for_spans(2, session_id=sid, settle=0)
        assert [span["prompt_key"] for span in spans] == [key, key], sid


def test_prompt_linkage_stays_with_its_task_under_50_asyncio_tasks(server, mock):
    keys = [unique_key(f"py-task{i}") for i in range(5)]
    for index, key in enumerate(keys):
        create_prompt(server, key, f"system {index}", "{{q}}")
    refresh()
    run = unique_key("task")

    async def main() -> list[tuple[str, Any]]:
        openai = AsyncOpenAI(base_url=mock.url + "/v1", api_key="sk")

        async def work(index: int) -> tuple[str, Any]:
            session = fallom.session(config_key="py-tasks", session_id=f"{run}-{index}")
            key = keys[index % len(keys)]
            if index % 3 == 0:
                session.get_prompt(key)
            elif index % 3 == 1:
                fallom.prompts.get(key)
            else:
                key = None
            view = session.wrap_openai(openai)
            await asyncio.sleep(0.01 * (index % 4))  # interleave the tasks
            await view.chat.completions.create(model="gpt-4o", messages=HELLO)
            stream = await view.chat.completions.create(model="gpt-4o", messages=HELLO, stream=True)
            async for _chunk in stream:
                pass
            return session.get_context().session_id, key

        results = await asyncio.gather(*(work(index) for index in range(50)))
        assert fallom.prompts.get_prompt_context() is None  # the tasks' links stayed in the tasks
        return list(results)

    expected = asyncio.run(main())
    assert fallom.flush(10)
    for sid, key in expected:
        spans = server.wait_for_spans(2, session_id=sid, settle=0)
        assert [span["prompt_key"] for span in spans] == [key, key], sid


def test_set_prompt_checks_its_argument_and_none_unlinks(session):
    with pytest.raises(ValueError, match="PromptResult or None"):
        session.set_prompt({"key": "x"})
    session.set_prompt(fallom.prompts.PromptResult("k", 3, "s", "u"))
    assert session.llm_attributes == {"fallom.prompt_key": "k", "fallom.prompt_version": 3}
    session.set_prompt(None)
    assert session.llm_attributes == {}


def test_closed_port_is_a_fast_fallback_for_prompts_too():
    fallom.init(api_key=API_KEY, base_url=closed_port_url())
    with pytest.raises(fallom.NotFoundError, match="could not be fetched"):
        fallom.prompts.get_ab("t", "s")
    assert fallom.prompts.get("p", fallback=fallom.prompts.PromptResult("x", 4, "S", "U")).version == 0
    fallom.prompts.clear_prompt_context()


def test_a_forked_child_fetches_and_records_assignments_itself(server):
    import os

    from fallom._ab._remote_state import peek_remote

    key = unique_key("py-fork")
    create_config(server, key, [{"model": "fork-model", "weight": 100}])
    refresh()
    session_id = unique_key("fork")
    fallom.models.get(key, unique_key("parent"))  # the parent's recorder thread is running
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # gunicorn / celery style worker
        os.close(read_end)
        code = 1
        reason = ""
        try:
            client = peek_remote()
            assert client is not None
            assert client._refresher is not None and client._refresher.is_alive()
            later = unique_key("py-fork-later")
            create_config(server, later, [{"model": "later-model", "weight": 100}])
            # The child's refresh thread (restarted by the at-fork hook) fetched at once, maybe
            # before the config existed: join that round, then fetch again. One call joined the
            # stale round under load and the lookup then (rightly) did not refetch so soon.
            client.refresh_all(10)
            client.refresh_all(10)  # the parent's fetch threads do not exist here
            model = fallom.models.get(later, session_id)
            assert model == "later-model", f"models.get gave {model!r}"
            code = 0 if client.recorder.settled(10) else 2
            reason = "" if code == 0 else "the assignment recorder did not settle within 10 s"
        except BaseException:
            import traceback

            code = 3
            reason = traceback.format_exc()
        finally:
            os.write(write_end, reason.encode()[-4000:])
            os.close(write_end)
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as child_output:
        reason = child_output.read().decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, reason
    detail = session_detail(server, session_id)
    assert detail is not None
    assert [a["assigned_model"] for a in detail["assignments"]] == ["later-model"]
