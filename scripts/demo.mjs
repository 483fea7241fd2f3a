#!/usr/bin/env node
/**
 * `npm run demo`: fills a running Fallom server with realistic traffic so a new user sees a
 * populated dashboard in one command. It starts the mock LLM in-process (no real provider is
 * called, no provider key is needed) and sends calls through @fallom/trace with the real client
 * libraries: several config keys, sessions, customers and models, streams, tool calls, an image,
 * embeddings and some provider errors. The support bot picks its model with `session.getModel`:
 * create a model config `support-bot` (Experiments → Models) and its variants are used and the
 * assignments recorded, so the experiment page fills up; without one it falls back to the same
 * models as always.
 *
 *   FALLOM_API_KEY=flm_… npm run demo                  # ~80 calls, then exits
 *   FALLOM_API_KEY=flm_… npm run demo -- --continuous  # keeps going until Ctrl-C
 *
 * Options: --calls <n> (default 80), --continuous, --interval-ms <n> (pause between calls,
 * default 100), --base-url <url> (default FALLOM_BASE_URL or http://127.0.0.1:4318), --seed <n>.
 */
import { parseArgs } from "node:util";
import { createOpenAI } from "@ai-sdk/openai";
import Anthropic from "@anthropic-ai/sdk";
import { startMockLlm } from "@fallom/mock-llm";
import fallom from "@fallom/trace";
import { GoogleGenAI } from "@google/genai";
import * as ai from "ai";
import OpenAI from "openai";
import { z } from "zod";

const USAGE = `Usage: npm run demo -- [--calls <n>] [--continuous] [--interval-ms <n>] [--base-url <url>] [--seed <n>]

Needs FALLOM_API_KEY (the key the server printed on first start).`;

const { values } = parseArgs({
  options: {
    calls: { type: "string" },
    continuous: { type: "boolean" },
    "interval-ms": { type: "string" },
    "base-url": { type: "string" },
    seed: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const apiKey = process.env.FALLOM_API_KEY;
if (!apiKey) {
  process.stderr.write(
    "demo: set FALLOM_API_KEY to the key your server printed on first start (or create one under Settings → API keys).\n",
  );
  process.exit(2);
}
const baseUrl = (values["base-url"] ?? process.env.FALLOM_BASE_URL ?? "http://127.0.0.1:4318").replace(
  /\/+$/,
  "",
);
const totalCalls = positiveInteger(values.calls ?? "80", "--calls");
const intervalMs = positiveInteger(values["interval-ms"] ?? "100", "--interval-ms", true);
const random = seededRandom(positiveInteger(values.seed ?? String(Date.now() % 100_000), "--seed", true));

/** A 1×1 PNG, enough for the server to move it into the media store and the dashboard to show it. */
const PIXEL_PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

const CUSTOMERS = [
  "acme-corp",
  "globex",
  "initech",
  "umbrella",
  "hooli",
  "stark-industries",
  "wayne-enterprises",
];
const PLANS = ["free", "pro", "enterprise"];
const QUESTIONS = [
  "How do I reset my password?",
  "Summarise our refund policy in two sentences.",
  "Write a haiku about distributed tracing.",
  "What is the difference between p50 and p95 latency?",
  "Draft a friendly reply to a customer asking about invoices.",
  "Explain prompt caching to a new engineer.",
];

async function main() {
  const mock = await startMockLlm({ port: 0 });
  await fallom.init({ apiKey, baseUrl, serviceName: "fallom-demo" });
  process.stdout.write(`demo: mock LLM at ${mock.url}, sending traces to ${baseUrl}\n`);

  const scenarios = [
    { weight: 5, configKey: "support-bot", run: supportBotChat },
    { weight: 2, configKey: "support-bot", run: supportBotStream },
    { weight: 3, configKey: "summariser", run: summariser },
    { weight: 2, configKey: "research-agent", run: researchAgent },
    { weight: 1, configKey: "vision", run: visionCall },
    { weight: 2, configKey: "gemini-chat", run: geminiChat },
    { weight: 1, configKey: "research-agent", run: embeddings },
    { weight: 1, configKey: "support-bot", run: failingCall },
  ];
  const stats = { calls: 0, errors: 0 };
  let stopping = false;
  process.once("SIGINT", () => {
    stopping = true;
  });

  for (let i = 0; !stopping && (values.continuous || i < totalCalls); i++) {
    const scenario = pickWeighted(scenarios);
    const session = newSession(scenario.configKey);
    try {
      await scenario.run(session, mock.url);
    } catch {
      stats.errors++; // provider errors are part of the demo; the SDK recorded them
    }
    stats.calls++;
    if (stats.calls % 20 === 0) process.stdout.write(`demo: ${stats.calls} calls sent\n`);
    if (intervalMs > 0) await sleep(intervalMs);
  }

  const drained = await fallom.flush(10_000);
  await fallom.shutdown();
  await mock.close();
  process.stdout.write(
    `demo: done, ${stats.calls} calls (${stats.errors} ended in a provider error, on purpose)` +
      `${drained ? "" : "; some spans could not be delivered — is the server running?"}\n` +
      `demo: open ${baseUrl}/observability/traces\n`,
  );
}

/**
 * A session of one of the demo's apps. Session ids are per app, so a model experiment on one
 * config key only sees its own app's calls.
 */
function newSession(configKey) {
  const customerId = pick(CUSTOMERS);
  return fallom.session({
    configKey,
    sessionId: `demo-${configKey}-${customerId}-${Math.floor(random() * 40)}`,
    customerId,
    metadata: { plan: pick(PLANS), region: pick(["eu", "us"]) },
    tags: random() < 0.3 ? ["demo", "beta"] : ["demo"],
  });
}

/**
 * The support bot's model: the `support-bot` config's variant for this session when that config
 * exists (the assignment is recorded for the experiment page), else `fallback`.
 */
function supportBotModel(session, fallback) {
  return session.getModel({ fallback });
}

async function supportBotChat(session, mockUrl) {
  const openai = session.wrapOpenAI(new OpenAI({ baseURL: `${mockUrl}/v1`, apiKey: "demo" }));
  // Without a config the chat keeps its old mix of both models.
  const model = await supportBotModel(session, pick(["gpt-4o", "gpt-4o-mini"]));
  await openai.chat.completions.create({
    model,
    messages: [
      { role: "system", content: "You are a helpful support agent." },
      { role: "user", content: pick(QUESTIONS) },
    ],
    temperature: 0.3,
  });
}

async function supportBotStream(session, mockUrl) {
  const openai = session.wrapOpenAI(new OpenAI({ baseURL: `${mockUrl}/v1`, apiKey: "demo" }));
  const model = await supportBotModel(session, "gpt-4o-mini");
  const stream = await openai.chat.completions.create(
    { model, stream: true, messages: [{ role: "user", content: pick(QUESTIONS) }] },
    { headers: { "x-mock-stream-chunk-delay-ms": "15" } },
  );
  for await (const _chunk of stream) {
    // read the whole stream, as a chat UI would
  }
}

async function summariser(session, mockUrl) {
  const anthropic = session.wrapAnthropic(new Anthropic({ baseURL: mockUrl, apiKey: "demo" }));
  if (random() < 0.4) {
    const stream = anthropic.messages.stream({
      model: "claude-sonnet-4-20250514",
      max_tokens: 512,
      system: "Summarise the user's text in one paragraph.",
      messages: [{ role: "user", content: pick(QUESTIONS) }],
    });
    await stream.finalMessage();
    return;
  }
  await anthropic.messages.create({
    model: pick(["claude-sonnet-4-20250514", "claude-3-5-haiku-20241022"]),
    max_tokens: 512,
    system: "Summarise the user's text in one paragraph.",
    messages: [{ role: "user", content: pick(QUESTIONS) }],
  });
}

async function researchAgent(session, mockUrl) {
  const { generateText, streamText } = session.wrapAISDK(ai);
  const provider = createOpenAI({ baseURL: `${mockUrl}/v1`, apiKey: "demo" });
  const tools = {
    getWeather: ai.tool({
      description: "Current weather for a city",
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => ({ city, temperatureC: 14 + Math.round(random() * 10), sky: "cloudy" }),
    }),
  };
  if (random() < 0.5) {
    await generateText({
      model: provider.chat("gpt-4o"),
      prompt: "Please use a tool to check the weather in Lisbon, then answer.",
      tools,
      stopWhen: ai.stepCountIs(3),
    });
    return;
  }
  const result = streamText({ model: provider.chat("gpt-4o-mini"), prompt: pick(QUESTIONS) });
  for await (const _text of result.textStream) {
    // consume
  }
}

async function visionCall(session, mockUrl) {
  const openai = session.wrapOpenAI(new OpenAI({ baseURL: `${mockUrl}/v1`, apiKey: "demo" }));
  await openai.chat.completions.create({
    model: "gpt-4o",
    messages: [
      {
        role: "user",
        content: [
          { type: "text", text: "What is in this picture?" },
          { type: "image_url", image_url: { url: PIXEL_PNG } },
        ],
      },
    ],
  });
}

async function geminiChat(session, mockUrl) {
  const google = session.wrapGoogleAI(new GoogleGenAI({ apiKey: "demo", httpOptions: { baseUrl: mockUrl } }));
  if (random() < 0.5) {
    const stream = await google.models.generateContentStream({
      model: "gemini-2.0-flash",
      contents: pick(QUESTIONS),
    });
    for await (const _chunk of stream) {
      // consume
    }
    return;
  }
  await google.models.generateContent({ model: "gemini-2.0-flash", contents: pick(QUESTIONS) });
}

async function embeddings(session, mockUrl) {
  const openai = session.wrapOpenAI(new OpenAI({ baseURL: `${mockUrl}/v1`, apiKey: "demo" }));
  await openai.embeddings.create({
    model: "text-embedding-3-small",
    input: [pick(QUESTIONS), pick(QUESTIONS)],
  });
}

async function failingCall(session, mockUrl) {
  const openai = session.wrapOpenAI(new OpenAI({ baseURL: `${mockUrl}/v1`, apiKey: "demo", maxRetries: 0 }));
  const model = await supportBotModel(session, "gpt-4o");
  await openai.chat.completions.create(
    {
      model,
      messages: [{ role: "user", content: pick(QUESTIONS) }],
    },
    { headers: { "x-mock-error": pick(["429", "500", "503"]) } },
  );
}

function pick(list) {
  return list[Math.floor(random() * list.length)];
}

function pickWeighted(items) {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let roll = random() * total;
  for (const item of items) {
    roll -= item.weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1];
}

/** mulberry32: a small seeded generator so `--seed` reproduces a run's mix. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function positiveInteger(raw, name, allowZero = false) {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    process.stderr.write(
      `demo: ${name} must be a ${allowZero ? "non-negative" : "positive"} integer, got "${raw}"\n`,
    );
    process.exit(2);
  }
  return value;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
