export { inheritContext } from "./inherit-context.js";
export { normaliseOtlpSpan } from "./normalise-otlp-span.js";
export { normaliseTraceData } from "./normalise-trace-data.js";
