/**
 * The code the experiments pages' empty states show: how the SDKs read a model config
 * (`session.getModel()`) and a prompt (`prompts.get()`, `prompts.getAB()`), SPEC §2.7 and §3.
 */

export function modelSnippets(configKey = "summarizer"): { typescript: string; python: string } {
  return {
    typescript: `import fallom from "@fallom/trace";
import OpenAI from "openai";

await fallom.init(); // FALLOM_API_KEY, FALLOM_BASE_URL
const session = fallom.session({
  configKey: "${configKey}",
  sessionId: "conversation-1",
  customerId: "user-42", // targeting sees customerId and metadata
  metadata: { plan: "pro" },
});
// Sticky per session; the fallback is used when the config cannot be read.
const model = await session.getModel({ fallback: "gpt-4o-mini" });
const openai = session.wrapOpenAI(new OpenAI());
await openai.chat.completions.create({ model, messages: [{ role: "user", content: "Hi" }] });`,
    python: `import fallom
from openai import OpenAI

fallom.init()  # FALLOM_API_KEY, FALLOM_BASE_URL
session = fallom.session(
    config_key="${configKey}",
    session_id="conversation-1",
    customer_id="user-42",  # targeting sees customer_id and metadata
    metadata={"plan": "pro"},
)
# Sticky per session; the fallback is used when the config cannot be read.
model = session.get_model_sync(fallback="gpt-4o-mini")  # or: await session.get_model(...)
client = session.wrap_openai(OpenAI())
client.chat.completions.create(model=model, messages=[{"role": "user", "content": "Hi"}])`,
  };
}

export function promptSnippets(
  promptKey = "onboarding",
  testKey = "onboarding-test",
): {
  typescript: string;
  python: string;
} {
  return {
    typescript: `import fallom from "@fallom/trace";

await fallom.init();
// The current version, with {{ variables }} filled in; later LLM calls in this
// async context are linked to it (prompt key and version on their spans).
const prompt = await fallom.prompts.get("${promptKey}", { variables: { name: "Ann" } });
// prompt.system, prompt.user, prompt.version

// A/B test: the session id picks a variant, sticky like model configs.
const ab = await fallom.prompts.getAB("${testKey}", "conversation-1", { variables: { name: "Ann" } });`,
    python: `import fallom

fallom.init()
# The current version, with {{ variables }} filled in; later LLM calls in this
# context are linked to it (prompt key and version on their spans).
prompt = fallom.prompts.get("${promptKey}", variables={"name": "Ann"})
# prompt.system, prompt.user, prompt.version

# A/B test: the session id picks a variant, sticky like model configs.
ab = fallom.prompts.get_ab("${testKey}", "conversation-1", variables={"name": "Ann"})`,
  };
}
