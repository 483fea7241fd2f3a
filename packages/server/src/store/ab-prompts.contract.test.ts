/**
 * Contract of the model config, prompt and prompt A/B test repositories and the experiment
 * queries, on SQLite (a temp file) and PostgreSQL (embedded, real binaries), like
 * store.contract.test.ts.
 */
import { describe, expect, test } from "vitest";
import { configsRepository } from "./configs-repository.js";
import { upsertCustomMetrics } from "./custom-metrics-repository.js";
import {
  countConfigAssignments,
  listConfigCustomMetrics,
  listModelExperimentCalls,
  listPromptExperimentCalls,
  listPromptTestCustomMetrics,
} from "./experiment-queries.js";
import { insertSpans } from "./insert-spans.js";
import { createProject } from "./project-repository.js";
import { promptAbTestsRepository } from "./prompt-ab-tests-repository.js";
import { promptsRepository } from "./prompts-repository.js";
import { listSessionAssignments, upsertSessionAssignment } from "./session-assignment-repository.js";
import { BASE_TIME, makeSpan } from "./test-support/make-span.js";
import { storeBackends } from "./test-support/store-backends.js";
import { useStoreDatabase } from "./test-support/use-store-database.js";

const twoArms = {
  variants: [
    { model: "gpt-4o", weight: 80 },
    { model: "claude", weight: 20 },
  ],
  targeting: null,
};

describe.each(storeBackends)("A/B and prompt store contract on $name", (backend) => {
  const store = useStoreDatabase(backend);
  const newProject = async () => (await createProject(store.database, { name: "ab" })).id;

  test("a config is created at version 1; each save appends a version and makes it current", async () => {
    const projectId = await newProject();
    const configs = configsRepository(store.database);
    const created = await configs.create(projectId, "summarizer", twoArms, {
      note: "first",
      createdBy: "ann",
    });
    expect(created).toMatchObject({
      status: "saved",
      version: { version: 1, is_current: true, note: "first" },
    });
    const targeting = {
      enabled: true,
      individualTargets: [{ field: "customerId", value: "u-1", variantIndex: 1 }],
      rules: [{ conditions: [{ field: "plan", operator: "in", value: ["pro"] }], variantIndex: 0 }],
    };
    const second = await configs.append(projectId, "summarizer", { ...twoArms, targeting });
    expect(second).toMatchObject({ status: "saved", version: { version: 2, targeting } });
    const head = await configs.get(projectId, "summarizer");
    expect(head).toMatchObject({ key: "summarizer", current_version: 2, latest_version: 2 });
    expect(head?.current.variants).toEqual(twoArms.variants);
    const versions = await configs.listVersions(projectId, "summarizer");
    expect(versions.map((v) => [v.version, v.is_current, v.created_by])).toEqual([
      [1, false, "ann"],
      [2, true, null],
    ]);
    expect((await configs.getVersion(projectId, "summarizer", 1))?.targeting).toBeNull();
  });

  test("creating an existing key says exists; appending to an unknown key says not_found", async () => {
    const projectId = await newProject();
    const configs = configsRepository(store.database);
    await configs.create(projectId, "k", twoArms);
    expect(await configs.create(projectId, "k", twoArms)).toEqual({ status: "exists" });
    expect(await configs.append(projectId, "nope", twoArms)).toEqual({ status: "not_found" });
    expect((await configs.listVersions(projectId, "k")).length).toBe(1);
  });

  test("concurrent saves of one key get distinct, consecutive versions", async () => {
    const projectId = await newProject();
    const prompts = promptsRepository(store.database);
    await prompts.create(projectId, "p", { system_prompt: "v1", user_template: "" });
    const outcomes = await Promise.all(
      [2, 3, 4, 5].map((n) => prompts.append(projectId, "p", { system_prompt: `v${n}`, user_template: "" })),
    );
    const numbers = outcomes.map((o) => (o.status === "saved" ? o.version.version : 0)).sort();
    expect(numbers).toEqual([2, 3, 4, 5]);
    expect((await prompts.get(projectId, "p"))?.current_version).toBe(5);
  });

  test("roll back moves the pointer only; unknown versions are refused", async () => {
    const projectId = await newProject();
    const prompts = promptsRepository(store.database);
    await prompts.create(projectId, "greet", { system_prompt: "S1", user_template: "U1 {{name}}" });
    await prompts.append(projectId, "greet", { system_prompt: "S2", user_template: "U2" });
    const rolled = await prompts.setCurrent(projectId, "greet", 1);
    expect(rolled).toMatchObject({ current_version: 1, latest_version: 2, current: { system_prompt: "S1" } });
    expect(await prompts.setCurrent(projectId, "greet", 7)).toBeNull();
    expect(await prompts.setCurrent(projectId, "other", 1)).toBeNull();
    // The next save is version 3, not 2.
    const third = await prompts.append(projectId, "greet", { system_prompt: "S3", user_template: "" });
    expect(third.status === "saved" && third.version.version).toBe(3);
  });

  test("all prompt versions list by key with each key's current version last", async () => {
    const projectId = await newProject();
    const prompts = promptsRepository(store.database);
    await prompts.create(projectId, "b", { system_prompt: "b1", user_template: "" });
    await prompts.create(projectId, "a", { system_prompt: "a1", user_template: "" });
    await prompts.append(projectId, "a", { system_prompt: "a2", user_template: "" });
    await prompts.append(projectId, "a", { system_prompt: "a3", user_template: "" });
    await prompts.setCurrent(projectId, "a", 2);
    const all = await prompts.listAllVersionsCurrentLast(projectId);
    expect(all.map((row) => `${row.key}${row.version}`)).toEqual(["a1", "a3", "a2", "b1"]);
    expect((await prompts.list(projectId)).map((head) => [head.key, head.current_version])).toEqual([
      ["a", 2],
      ["b", 1],
    ]);
  });

  test("projects never see each other's objects", async () => {
    const [one, two] = [await newProject(), await newProject()];
    const tests = promptAbTestsRepository(store.database);
    const variants = [{ prompt_key: "p", prompt_version: null, weight: 100 }];
    await tests.create(one, "t", { variants });
    expect(await tests.get(two, "t")).toBeNull();
    expect(await tests.list(two)).toEqual([]);
    expect((await tests.create(two, "t", { variants })).status).toBe("saved");
    expect((await tests.get(one, "t"))?.current.variants).toEqual(variants);
  });

  test("a session assignment upsert keeps first_seen and moves last_seen", async () => {
    const projectId = await newProject();
    const base = { config_key: "k", session_id: "s", config_version: 1, assigned_model: "gpt-4o" };
    await upsertSessionAssignment(store.database, projectId, {
      ...base,
      seen_at: "2026-01-01T00:00:00.000Z",
    });
    await upsertSessionAssignment(store.database, projectId, {
      ...base,
      config_version: 2,
      seen_at: "2026-01-02T00:00:00.000Z",
    });
    expect(await listSessionAssignments(store.database, projectId, "s")).toEqual([
      {
        ...base,
        config_version: 2,
        first_seen: "2026-01-01T00:00:00.000Z",
        last_seen: "2026-01-02T00:00:00.000Z",
      },
    ]);
  });

  test("model experiment calls join assignments by session and, by default, the assigned model", async () => {
    const projectId = await newProject();
    const assign = (session: string, model: string) =>
      upsertSessionAssignment(store.database, projectId, {
        config_key: "exp",
        session_id: session,
        config_version: 1,
        assigned_model: model,
      });
    await assign("s-a", "gpt-4o");
    await assign("s-b", "claude");
    await upsertSessionAssignment(store.database, projectId, {
      config_key: "other",
      session_id: "s-c",
      config_version: 1,
      assigned_model: "gpt-4o",
    });
    await insertSpans(store.database, projectId, [
      makeSpan({ session_id: "s-a", model: "gpt-4o", cost_usd: 0.01, start_time: BASE_TIME }),
      makeSpan({ session_id: "s-a", model: "gpt-4o-mini", start_time: BASE_TIME + 1 }),
      makeSpan({ session_id: "s-b", model: "claude", status: "ERROR", start_time: BASE_TIME + 2 }),
      makeSpan({ session_id: "s-b", model: "claude", kind: "custom", start_time: BASE_TIME + 3 }),
      makeSpan({ session_id: "s-c", model: "gpt-4o", start_time: BASE_TIME + 4 }),
    ]);
    const strict = await listModelExperimentCalls(store.database, projectId, "exp");
    expect(strict.truncated).toBe(false);
    expect(strict.calls.map((call) => [call.arm, call.session_id, call.status])).toEqual([
      ["claude", "s-b", "ERROR"],
      ["gpt-4o", "s-a", "OK"],
    ]);
    expect(strict.calls[1]?.cost_usd).toBeCloseTo(0.01);
    const loose = await listModelExperimentCalls(store.database, projectId, "exp", { matchModel: false });
    expect(loose.calls).toHaveLength(3);
    const limited = await listModelExperimentCalls(store.database, projectId, "exp", { limit: 1 });
    expect(limited).toMatchObject({ truncated: true, calls: [{ session_id: "s-b" }] });
    const windowed = await listModelExperimentCalls(store.database, projectId, "exp", {
      from: BASE_TIME + 1,
    });
    expect(windowed.calls.map((call) => call.session_id)).toEqual(["s-b"]);
    expect(await countConfigAssignments(store.database, projectId, "exp")).toEqual([
      { assigned_model: "claude", config_version: 1, sessions: 1 },
      { assigned_model: "gpt-4o", config_version: 1, sessions: 1 },
    ]);
    await upsertCustomMetrics(store.database, projectId, "exp", "s-a", { revenue: 5 });
    await upsertCustomMetrics(store.database, projectId, "other", "s-a", { revenue: 99 });
    expect(await listConfigCustomMetrics(store.database, projectId, "exp")).toEqual([
      { session_id: "s-a", arm: "gpt-4o", data: { revenue: 5 } },
    ]);
  });

  test("prompt experiment calls are the spans naming the test, armed by variant index", async () => {
    const projectId = await newProject();
    const linked = { prompt_ab_test_key: "t", prompt_key: "p", prompt_version: 1 };
    await insertSpans(store.database, projectId, [
      makeSpan({ ...linked, session_id: "s1", prompt_variant_index: 0, start_time: BASE_TIME }),
      makeSpan({ ...linked, session_id: "s2", prompt_variant_index: 1, start_time: BASE_TIME + 1 }),
      makeSpan({ session_id: "s3", start_time: BASE_TIME + 2 }),
    ]);
    const { calls } = await listPromptExperimentCalls(store.database, projectId, "t");
    expect(calls.map((call) => [call.arm, call.session_id])).toEqual([
      [1, "s2"],
      [0, "s1"],
    ]);
    await upsertCustomMetrics(store.database, projectId, "chat", "s2", { rating: 4 });
    await upsertCustomMetrics(store.database, projectId, "chat", "s3", { rating: 1 });
    expect(await listPromptTestCustomMetrics(store.database, projectId, "t")).toEqual([
      { session_id: "s2", arm: null, data: { rating: 4 } },
    ]);
  });
});
