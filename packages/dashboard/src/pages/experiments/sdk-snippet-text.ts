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
  // Targeting rules see customerId and metadata.
  customerId: "user-42",
  metadata: { plan: "pro" },
});
// Sticky per session; the fallback covers an unreadable config.
const model = await session.getModel({ fallback: "gpt-4o-mini" });
const openai = session.wrapOpenAI(new OpenAI());
await openai.chat.completions.create({
  model,
  messages: [{ role: "user", content: "Hi" }],
});`,
    python: `import fallom
from openai import OpenAI

fallom.init()  # FALLOM_API_KEY, FALLOM_BASE_URL
session = fallom.session(
    config_key="${configKey}",
    session_id="conversation-1",
    # Targeting rules see customer_id and metadata.
    customer_id="user-42",
    metadata={"plan": "pro"},
)
# Sticky per session; the fallback covers an unreadable config.
# (In async code: await session.get_model(fallback=...).)
model = session.get_model_sync(fallback="gpt-4o-mini")
client = session.wrap_openai(OpenAI())
client.chat.completions.create(
    model=model, messages=[{"role": "user", "content": "Hi"}]
)`,
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
// Current version, {{ variables }} filled in. Later LLM calls
// in this async context carry its key and version.
const prompt = await fallom.prompts.get("${promptKey}", {
  variables: { name: "Ann" },
});
// prompt.system, prompt.user, prompt.version

// A/B test: the session id picks a sticky variant.
const ab = await fallom.prompts.getAB("${testKey}", "conversation-1", {
  variables: { name: "Ann" },
});`,
    python: `import fallom

fallom.init()
# Current version, {{ variables }} filled in. Later LLM calls
# in this context carry its key and version.
prompt = fallom.prompts.get("${promptKey}", variables={"name": "Ann"})
# prompt.system, prompt.user, prompt.version

# A/B test: the session id picks a sticky variant.
ab = fallom.prompts.get_ab(
    "${testKey}", "conversation-1", variables={"name": "Ann"}
)`,
  };
}
