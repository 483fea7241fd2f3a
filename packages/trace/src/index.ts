/**
 * `@fallom/trace`: trace every LLM call to a self-hosted Fallom-compatible server (SPEC §2.1).
 *
 * @example
 * import fallom from "@fallom/trace";
 * await fallom.init({ apiKey: process.env.FALLOM_API_KEY });
 * const openai = fallom.session({ configKey: "chat", sessionId: "conv-1" }).wrapOpenAI(new OpenAI());
 */
import { trace } from "./legacy/trace-namespace.js";
import { flush, init, shutdown } from "./lifecycle.js";
import { models } from "./models-client.js";
import { prompts } from "./prompts/prompts-client.js";
import { session } from "./session.js";

export type { InitOptions } from "./config.js";
export {
  FallomConfigError,
  FallomError,
  FallomNotInitialisedError,
  isFallomError,
} from "./errors.js";
export type { ExportStats } from "./export/export-processor.js";
export { trace } from "./legacy/trace-namespace.js";
export { flush, getExportStats, init, shutdown } from "./lifecycle.js";
export { FallomSpan, type SpanOptions } from "./manual/fallom-span.js";
export { wrapTraced } from "./manual/wrap-traced.js";
export { models } from "./models-client.js";
export { type PromptResult, prompts } from "./prompts/prompts-client.js";
export type { SessionContext } from "./record/types.js";
export { FallomSession, type SessionOptions, session } from "./session.js";

/** The default export of SPEC §2.1. */
const fallom = { init, session, flush, shutdown, trace, models, prompts };
export default fallom;
