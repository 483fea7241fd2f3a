/**
 * The clients the SDK overhead benchmarks compare: the unwrapped `openai` client, the same client
 * asking for usage itself, and each tracing SDK set up as its docs say, exporting to the sink.
 * Each returns `{client, extraParams, flush, shutdown}` (fallom also `unwrapped`, the client it
 * wraps). Shared by overhead-worker.mjs (one variant per process) and same-process-peers.mjs.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import OpenAI from "openai";

/**
 * The chat request every overhead worker sends, and the mock-llm header that makes a stream
 * `chunks` content chunks long.
 *
 * @example const { request, headers } = benchRequest("stream", 100);
 */
export function benchRequest(mode, chunks) {
  return {
    headers: mode === "stream" ? { "x-mock-stream-chunks": String(chunks) } : {},
    request: {
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Benchmark prompt: say something moderately long, please." }],
      ...(mode === "stream" ? { stream: true } : {}),
    },
  };
}

/**
 * The least any SDK following SPEC §2.5.1 must do on a chat stream, and nothing else: inject
 * `stream_options.include_usage` (rule 1), look at every chunk before the caller does (one
 * `.then` per chunk, the cheapest interception there is) and hide the usage-only chunk (rule 3).
 * No span, no clock, no accumulation, no export. Its cost over the unwrapped client is the floor
 * under any conforming SDK's stream overhead.
 */
export function floorClient(client, newObserver) {
  const create = (params, options) => {
    const injected = params.stream === true && params.stream_options?.include_usage === undefined;
    const sent = injected
      ? { ...params, stream_options: { ...params.stream_options, include_usage: true } }
      : params;
    const promise = client.chat.completions.create(sent, options);
    if (!injected) return promise;
    return promise.then((stream) => {
      const source = stream.iterator;
      stream.iterator = function floorIterator() {
        const inner = source.call(this);
        const observer = newObserver?.();
        const pull = () => inner.next().then(step);
        const step = (result) => {
          if (result.done) {
            observer?.result();
            return result;
          }
          observer?.add(result.value);
          return result.value.choices.length === 0 ? pull() : result;
        };
        return {
          next: pull,
          return: (v) => inner.return(v),
          [Symbol.asyncIterator]() {
            return this;
          },
        };
      };
      return stream;
    });
  };
  return { chat: { completions: { create } } };
}

/** Sets up one variant by name: unwrapped, unwrapped-usage, floor, fallom, fallom@<root>, langfuse, openllmetry, posthog. */
export async function setUpVariant(name, { mockUrl, sinkUrl, repoRoot, mode }) {
  const baseURL = `${mockUrl}/v1`;
  const noop = async () => {};
  if (name === "unwrapped") {
    return { client: new OpenAI({ baseURL, apiKey: "bench" }), extraParams: {}, flush: noop, shutdown: noop };
  }
  if (name === "unwrapped-usage") {
    // What SPEC §2.5.1 rule 1 costs by itself: the unwrapped client asking for the usage chunk
    // that the SDK injects (`stream_options.include_usage`), so the vendor parses `"usage":null`
    // on every chunk plus one more chunk. Plain calls are the same as `unwrapped`.
    return {
      client: new OpenAI({ baseURL, apiKey: "bench" }),
      extraParams: mode === "stream" ? { stream_options: { include_usage: true } } : {},
      flush: noop,
      shutdown: noop,
    };
  }
  if (name === "floor") {
    return {
      client: floorClient(new OpenAI({ baseURL, apiKey: "bench" })),
      extraParams: {},
      flush: noop,
      shutdown: noop,
    };
  }
  // `fallom@<repo root>`: another build of packages/trace (its own module instance), so two builds
  // can be compared in one process.
  if (name === "fallom" || name.startsWith("fallom@")) {
    const root = name === "fallom" ? repoRoot : name.slice("fallom@".length);
    const fallom = (await import(pathToFileURL(path.join(root, "packages/trace/dist/index.js")).href))
      .default;
    await fallom.init({ apiKey: "flm_bench", baseUrl: sinkUrl, serviceName: "bench" });
    const session = fallom.session({
      configKey: "bench",
      sessionId: "bench-session",
      customerId: "bench-customer",
    });
    const unwrapped = new OpenAI({ baseURL, apiKey: "bench" });
    return {
      client: session.wrapOpenAI(unwrapped),
      unwrapped,
      extraParams: {},
      flush: async () => {
        await fallom.flush();
      },
      shutdown: () => fallom.shutdown(),
    };
  }
  if (name === "langfuse") {
    const { NodeSDK } = await import("@opentelemetry/sdk-node");
    const { LangfuseSpanProcessor } = await import("@langfuse/otel");
    const { observeOpenAI } = await import("@langfuse/openai");
    const processor = new LangfuseSpanProcessor({
      publicKey: "pk-lf-bench",
      secretKey: "sk-lf-bench",
      baseUrl: sinkUrl,
    });
    const sdk = new NodeSDK({ spanProcessors: [processor] });
    sdk.start();
    return {
      client: observeOpenAI(new OpenAI({ baseURL, apiKey: "bench" }), {
        sessionId: "bench-session",
        userId: "bench",
      }),
      extraParams: {},
      flush: () => processor.forceFlush(),
      shutdown: () => sdk.shutdown(),
    };
  }
  if (name === "openllmetry") {
    const traceloop = await import("@traceloop/node-server-sdk");
    traceloop.initialize({
      appName: "bench",
      apiKey: "bench",
      baseUrl: sinkUrl,
      disableBatch: false,
      silenceInitializationMessage: true,
      instrumentModules: { openAI: OpenAI },
    });
    return {
      client: new OpenAI({ baseURL, apiKey: "bench" }),
      extraParams: {},
      flush: () => traceloop.forceFlush(),
      shutdown: noop,
    };
  }
  if (name === "posthog") {
    const { PostHog } = await import("posthog-node");
    const { OpenAI: PostHogOpenAI } = await import("@posthog/ai/openai");
    const posthog = new PostHog("phc_bench", { host: sinkUrl, flushAt: 512, flushInterval: 1000 });
    return {
      client: new PostHogOpenAI({ baseURL, apiKey: "bench", posthog }),
      extraParams: { posthogDistinctId: "bench-customer" },
      flush: () => posthog.flush(),
      shutdown: () => posthog.shutdown(),
    };
  }
  throw new Error(`unknown variant ${name}`);
}
