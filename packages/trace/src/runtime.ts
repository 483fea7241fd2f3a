/**
 * The SDK's process state between `init()` and `shutdown()`: the resolved config, an isolated
 * tracer provider (never registered globally) and our export processor. "Initialised" is
 * whether a runtime exists, checked at every call (W2).
 */
import type { Tracer } from "@opentelemetry/api";
import type { InstrumentationScope } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { AlwaysOnSampler, BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { RESOURCE, SDK_NAME } from "./attributes.js";
import type { ResolvedConfig } from "./config.js";
import { ExportProcessor } from "./export/export-processor.js";
import { FallomIdGenerator } from "./record/fallom-id-generator.js";
import { ATTRIBUTE_COUNT_LIMIT, type RecordTarget } from "./record/llm-span-record.js";
import { SDK_VERSION } from "./version.js";

export interface Runtime extends RecordTarget {
  readonly config: ResolvedConfig;
  /** Capture setting for `shouldCaptureContent`. */
  readonly capture: { captureContent: boolean; envForcedOff: boolean };
  readonly tracer: Tracer;
  readonly idGenerator: FallomIdGenerator;
  readonly processor: ExportProcessor;
  readonly provider: BasicTracerProvider;
}

let current: Runtime | undefined;

/** The live runtime, or undefined before `init()` / after `shutdown()`. */
export function getRuntime(): Runtime | undefined {
  return current;
}

/** @example setRuntime(createRuntime(config, false)) */
export function setRuntime(runtime: Runtime | undefined): void {
  current = runtime;
}

/**
 * Builds the isolated provider. Sampler and limits are explicit so the user's `OTEL_*`
 * environment for their own tracing cannot sample away or truncate our spans.
 */
export function createRuntime(config: ResolvedConfig, envForcedOff: boolean): Runtime {
  const processor = new ExportProcessor(config);
  const idGenerator = new FallomIdGenerator();
  const resource = resourceFromAttributes({
    [RESOURCE.serviceName]: config.serviceName,
    [RESOURCE.telemetrySdkName]: SDK_NAME,
    [RESOURCE.telemetrySdkLanguage]: "nodejs",
    [RESOURCE.telemetrySdkVersion]: SDK_VERSION,
  });
  const provider = new BasicTracerProvider({
    resource,
    sampler: new AlwaysOnSampler(),
    idGenerator,
    spanLimits: {
      attributeCountLimit: ATTRIBUTE_COUNT_LIMIT,
      attributeValueLengthLimit: Number.POSITIVE_INFINITY,
    },
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer(SDK_NAME, SDK_VERSION);
  return {
    config,
    capture: { captureContent: config.captureContent, envForcedOff },
    tracer,
    idGenerator,
    processor,
    provider,
    // The provider's own objects (spans keep references to them): LLM records share them, so the
    // encoder puts both kinds of span in one resource and scope group.
    resource,
    scope: (tracer as unknown as { instrumentationScope: InstrumentationScope }).instrumentationScope,
  };
}
