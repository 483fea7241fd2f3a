/**
 * The SDK's process state between `init()` and `shutdown()`: the resolved config, an isolated
 * tracer provider (never registered globally) and our export processor. "Initialised" is
 * whether a runtime exists, checked at every call (W2).
 */
import type { Tracer } from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { AlwaysOnSampler, BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { RESOURCE, SDK_NAME } from "./attributes.js";
import type { ResolvedConfig } from "./config.js";
import { ExportProcessor } from "./export/export-processor.js";
import { FallomIdGenerator } from "./record/fallom-id-generator.js";
import { SDK_VERSION } from "./version.js";

export interface Runtime {
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
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      [RESOURCE.serviceName]: config.serviceName,
      [RESOURCE.telemetrySdkName]: SDK_NAME,
      [RESOURCE.telemetrySdkLanguage]: "nodejs",
      [RESOURCE.telemetrySdkVersion]: SDK_VERSION,
    }),
    sampler: new AlwaysOnSampler(),
    idGenerator,
    spanLimits: { attributeCountLimit: 1024, attributeValueLengthLimit: Number.POSITIVE_INFINITY },
    spanProcessors: [processor],
  });
  return {
    config,
    capture: { captureContent: config.captureContent, envForcedOff },
    tracer: provider.getTracer(SDK_NAME, SDK_VERSION),
    idGenerator,
    processor,
    provider,
  };
}
