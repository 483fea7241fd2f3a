/**
 * The config, prompt and prompt A/B test endpoints in process (`app.request()`), over a real
 * SQLite store: SDK wire shapes (SPEC §5.5), management with versions and roll back (§5.8), the
 * 400s that name the field, and project scoping.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AbTestApp, startAbTestApp } from "./support/ab-test-app.js";

let app: AbTestApp;
beforeAll(async () => {
  app = await startAbTestApp();
});
afterAll(async () => {
  await app?.close();
});

const json = async (response: Response) => ({
  status: response.status,
  body: (await response.json()) as any,
});

const summarizer = {
  key: "summarizer",
  variants: [
    { model: "gpt-4o", weight: 80 },
    { model: "claude-sonnet-4-20250514", weight: 20 },
  ],
  targeting: {
    enabled: true,
    individualTargets: [{ field: "customerId", value: "user-42", variantIndex: 1 }],
    rules: [{ conditions: [{ field: "plan", operator: "in", value: ["pro", "team"] }], variantIndex: 1 }],
  },
};

describe("model configs", () => {
  test("create, add a version, list versions, pin a version and roll back", async () => {
    const created = await json(
      await app.request("POST", "/api/v1/configs", { ...summarizer, note: "first" }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      key: "summarizer",
      current_version: 1,
      latest_version: 1,
      current: { version: 1, note: "first", created_by: "api-key", variants: summarizer.variants },
    });

    const sdk = await json(await app.request("GET", "/configs"));
    expect(sdk).toEqual({
      status: 200,
      body: {
        configs: [
          { key: "summarizer", version: 1, variants: summarizer.variants, targeting: summarizer.targeting },
        ],
      },
    });

    const v2 = await json(
      await app.request("POST", "/api/v1/configs/summarizer/versions", {
        variants: [{ model: "gpt-4o-mini", weight: 100 }],
        targeting: null,
      }),
    );
    expect(v2).toMatchObject({ status: 201, body: { version: 2, is_current: true, targeting: null } });
    expect((await json(await app.request("GET", "/configs"))).body.configs[0]).toMatchObject({
      version: 2,
      variants: [{ model: "gpt-4o-mini", weight: 100 }],
    });

    const pinned = await json(await app.request("GET", "/configs/summarizer/version/1"));
    expect(pinned.body).toEqual({
      key: "summarizer",
      version: 1,
      variants: summarizer.variants,
      targeting: summarizer.targeting,
    });
    expect((await app.request("GET", "/configs/summarizer/version/9")).status).toBe(404);
    expect((await app.request("GET", "/configs/summarizer/version/abc")).status).toBe(404);
    expect((await app.request("GET", "/configs/nope/version/1")).status).toBe(404);

    const versions = await json(await app.request("GET", "/api/v1/configs/summarizer/versions"));
    expect(versions.body.data.map((v: any) => [v.version, v.is_current])).toEqual([
      [1, false],
      [2, true],
    ]);

    const rolled = await json(
      await app.request("POST", "/api/v1/configs/summarizer/current", { version: 1 }),
    );
    expect(rolled).toMatchObject({ status: 200, body: { current_version: 1, latest_version: 2 } });
    expect((await json(await app.request("GET", "/configs"))).body.configs[0].version).toBe(1);

    const badRollback = await json(
      await app.request("POST", "/api/v1/configs/summarizer/current", { version: 5 }),
    );
    expect(badRollback).toMatchObject({ status: 400, body: { code: "invalid_body" } });
    expect(badRollback.body.error).toMatch(/version: config "summarizer" has no version 5/);
    expect((await app.request("POST", "/api/v1/configs/none/current", { version: 1 })).status).toBe(404);
    expect((await json(await app.request("GET", "/api/v1/configs/none"))).body.code).toBe("config_not_found");
    expect(
      (await json(await app.request("GET", "/api/v1/configs"))).body.data.map((c: any) => c.key),
    ).toContain("summarizer");
  });

  test.each([
    [
      "weights above 100 in total",
      {
        variants: [
          { model: "a", weight: 60 },
          { model: "b", weight: 50 },
        ],
      },
      /variants: weights add up to 110; they must add up to at most 100/,
    ],
    ["a negative weight", { variants: [{ model: "a", weight: -1 }] }, /variants\.0\.weight: must be ≥ 0/],
    ["a weight above 100", { variants: [{ model: "a", weight: 101 }] }, /variants\.0\.weight: must be ≤ 100/],
    ["no variants", { variants: [] }, /variants: needs at least one variant/],
    [
      "a repeated model",
      {
        variants: [
          { model: "a", weight: 50 },
          { model: "a", weight: 50 },
        ],
      },
      /variants\.1\.model: repeats variant 0/,
    ],
    [
      "an out-of-range target index",
      {
        variants: [{ model: "a", weight: 100 }],
        targeting: { individualTargets: [{ field: "customerId", value: "u", variantIndex: 1 }] },
      },
      /targeting\.individualTargets\.0\.variantIndex: is 1, but there is 1 variant \(index 0\)/,
    ],
    [
      "an out-of-range rule index",
      {
        variants: [
          { model: "a", weight: 50 },
          { model: "b", weight: 50 },
        ],
        targeting: { rules: [{ conditions: [], variantIndex: 2 }] },
      },
      /targeting\.rules\.0\.variantIndex: is 2, but there are 2 variants \(0–1\)/,
    ],
    [
      "an unknown operator",
      {
        variants: [{ model: "a", weight: 100 }],
        targeting: {
          rules: [{ conditions: [{ field: "plan", operator: "regex", value: "x" }], variantIndex: 0 }],
        },
      },
      /targeting\.rules\.0\.conditions\.0\.operator: must be one of eq, neq, in, nin, contains, startsWith, endsWith/,
    ],
    [
      "in with a string value",
      {
        variants: [{ model: "a", weight: 100 }],
        targeting: {
          rules: [{ conditions: [{ field: "plan", operator: "in", value: "pro" }], variantIndex: 0 }],
        },
      },
      /conditions\.0\.value: must be an array of strings for operator in/,
    ],
    [
      "a key with a slash",
      { key: "a/b", variants: [{ model: "a", weight: 100 }] },
      /key: must be 1–100 characters/,
    ],
    [
      "an unknown field",
      { variants: [{ model: "a", weight: 100 }], wieghts: 1 },
      /Unrecognized key.*wieghts/,
    ],
  ])("refuses %s with a 400 naming the field", async (_name, body, message) => {
    const response = await json(await app.request("POST", "/api/v1/configs", { key: "bad", ...body }));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("invalid_body");
    expect(response.body.error).toMatch(message);
  });

  test("weights below 100 are accepted (the last variant gets the rest)", async () => {
    const response = await app.request("POST", "/api/v1/configs", {
      key: "partial",
      variants: [
        { model: "a", weight: 30 },
        { model: "b", weight: 30 },
      ],
    });
    expect(response.status).toBe(201);
  });

  test("a duplicate key is a 400 naming the key", async () => {
    await app.request("POST", "/api/v1/configs", { key: "dup", variants: [{ model: "a", weight: 100 }] });
    const again = await json(
      await app.request("POST", "/api/v1/configs", { key: "dup", variants: [{ model: "a", weight: 100 }] }),
    );
    expect(again).toMatchObject({ status: 400, body: { code: "duplicate_key" } });
    expect(again.body.error).toMatch(/key: a config "dup" already exists/);
  });

  test("POST /sessions records an assignment and validates its body", async () => {
    const ok = await json(
      await app.request("POST", "/sessions", {
        config_key: "summarizer",
        config_version: 1,
        session_id: "s-1",
        assigned_model: "gpt-4o",
      }),
    );
    expect(ok).toEqual({ status: 200, body: {} });
    const bad = await json(
      await app.request("POST", "/sessions", { config_key: "summarizer", session_id: "s" }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/config_version: is required/);
    expect(bad.body.error).toMatch(/assigned_model: is required/);
    expect((await app.request("POST", "/sessions", "{", app.key)).status).toBe(400);
  });

  test("every SDK endpoint needs a valid key", async () => {
    for (const [method, path] of [
      ["GET", "/configs"],
      ["GET", "/configs/summarizer/version/1"],
      ["POST", "/sessions"],
      ["GET", "/prompts"],
      ["GET", "/prompts/x/version/1"],
      ["GET", "/prompt-ab-tests"],
      ["GET", "/api/v1/configs"],
      ["GET", "/api/v1/experiments/models/summarizer"],
    ] as const) {
      const response = await app.request(method, path, method === "POST" ? {} : undefined, "flm_wrong");
      expect(response.status, `${method} ${path}`).toBe(401);
    }
  });
});

describe("prompts and prompt A/B tests", () => {
  test("GET /prompts lists every version by key, each key's current version last", async () => {
    await app.request("POST", "/api/v1/prompts", {
      key: "onboarding",
      system_prompt: "You are {{ role }}.",
      user_template: "Hi {{name}}",
    });
    await app.request("POST", "/api/v1/prompts/onboarding/versions", {
      system_prompt: "v2 {{role}}",
      user_template: "Hello {{ name }}",
    });
    await app.request("POST", "/api/v1/prompts/onboarding/versions", {
      system_prompt: "v3",
      user_template: "",
    });
    await app.request("POST", "/api/v1/prompts", { key: "alpha", user_template: "only user" });
    await app.request("POST", "/api/v1/prompts/onboarding/current", { version: 2 });
    const { body } = await json(await app.request("GET", "/prompts"));
    expect(body.prompts.map((p: any) => `${p.key}@${p.version}`)).toEqual([
      "alpha@1",
      "onboarding@1",
      "onboarding@3",
      "onboarding@2",
    ]);
    expect(body.prompts[0]).toEqual({
      key: "alpha",
      version: 1,
      system_prompt: "",
      user_template: "only user",
    });
    const pinned = await json(await app.request("GET", "/prompts/onboarding/version/1"));
    expect(pinned.body).toEqual({
      key: "onboarding",
      version: 1,
      system_prompt: "You are {{ role }}.",
      user_template: "Hi {{name}}",
    });
    expect((await json(await app.request("GET", "/prompts/onboarding/version/7"))).body.code).toBe(
      "prompt_version_not_found",
    );
  });

  test("template syntax errors are 400s naming the template", async () => {
    const response = await json(
      await app.request("POST", "/api/v1/prompts", { key: "broken", system_prompt: "Hi {{ user.name }}" }),
    );
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(/system_prompt: "\{\{ user\.name \}\}" is not a placeholder/);
  });

  test("prompt A/B tests serve their current version and check the prompts they name", async () => {
    const created = await json(
      await app.request("POST", "/api/v1/prompt-ab-tests", {
        key: "onboarding-test",
        variants: [
          { prompt_key: "onboarding", prompt_version: 1, weight: 50 },
          { prompt_key: "onboarding", prompt_version: null, weight: 50 },
        ],
      }),
    );
    expect(created.status).toBe(201);
    const { body } = await json(await app.request("GET", "/prompt-ab-tests"));
    expect(body).toEqual({
      prompt_ab_tests: [
        {
          key: "onboarding-test",
          version: 1,
          variants: [
            { prompt_key: "onboarding", prompt_version: 1, weight: 50 },
            { prompt_key: "onboarding", prompt_version: null, weight: 50 },
          ],
        },
      ],
    });
    const missing = await json(
      await app.request("POST", "/api/v1/prompt-ab-tests/onboarding-test/versions", {
        variants: [{ prompt_key: "onboarding", prompt_version: 9, weight: 100 }],
      }),
    );
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/variants\.0\.prompt_version: prompt "onboarding" has no version 9/);
    const unknown = await json(
      await app.request("POST", "/api/v1/prompt-ab-tests", {
        key: "t2",
        variants: [{ prompt_key: "ghost", weight: 100 }],
      }),
    );
    expect(unknown.body.error).toMatch(/variants\.0\.prompt_key: there is no prompt "ghost"/);
    const tooMuch = await json(
      await app.request("POST", "/api/v1/prompt-ab-tests", {
        key: "t3",
        variants: [
          { prompt_key: "onboarding", weight: 70 },
          { prompt_key: "alpha", weight: 40 },
        ],
      }),
    );
    expect(tooMuch.body.error).toMatch(/variants: weights add up to 110/);
  });

  test("another project's key sees none of it", async () => {
    const other = await app.otherKey();
    expect((await json(await app.request("GET", "/configs", undefined, other))).body).toEqual({
      configs: [],
    });
    expect((await json(await app.request("GET", "/prompts", undefined, other))).body).toEqual({
      prompts: [],
    });
    expect((await json(await app.request("GET", "/prompt-ab-tests", undefined, other))).body).toEqual({
      prompt_ab_tests: [],
    });
    expect((await app.request("GET", "/configs/summarizer/version/1", undefined, other)).status).toBe(404);
    expect((await app.request("GET", "/api/v1/prompts/onboarding", undefined, other)).status).toBe(404);
  });
});
