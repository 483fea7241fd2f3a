/**
 * The empty state of a new project: exactly how to send the first trace, with the project's key
 * prefix (or a link to create one) and both SDK snippets pointed at this server's origin.
 */
import type { ApiKey } from "../api/types.js";
import { useApi } from "../api/use-api.js";
import { useSession } from "../app/session-context.js";
import { Link } from "../router/link.js";
import { paths } from "../router/match-route.js";

function typescriptSnippet(origin: string, key: string): string {
  return `npm install @fallom/trace openai

export FALLOM_API_KEY=${key}
export FALLOM_BASE_URL=${origin}

// app.ts
import fallom from "@fallom/trace";
import OpenAI from "openai";

await fallom.init();
const session = fallom.session({ configKey: "chat", sessionId: "conversation-1", customerId: "customer-1" });
const openai = session.wrapOpenAI(new OpenAI());
await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello" }] });
await fallom.flush();`;
}

function pythonSnippet(origin: string, key: string): string {
  return `pip install fallom openai

export FALLOM_API_KEY=${key}
export FALLOM_BASE_URL=${origin}

# app.py
import fallom
from openai import OpenAI

fallom.init()
session = fallom.session(config_key="chat", session_id="conversation-1", customer_id="customer-1")
client = session.wrap_openai(OpenAI())
client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hello"}])
fallom.flush()`;
}

export function GettingStarted() {
  const { isAdmin } = useSession();
  const keys = useApi<{ data: ApiKey[] }>(isAdmin ? "/api/v1/keys" : null);
  const active = keys.data?.data.find((key) => key.revoked_at === null);
  const keyText = active ? `${active.display_prefix}…  # your key "${active.name}"` : "flm_…";
  const origin = window.location.origin;
  return (
    <section className="getting-started" aria-labelledby="getting-started-title">
      <h2 id="getting-started-title">Send your first trace</h2>
      <p>
        No calls in this project yet. Point an SDK at this server and every LLM call shows up here within
        about two seconds.
      </p>
      <ol>
        <li>
          {active ? (
            <>
              Use your API key starting with <code>{active.display_prefix}</code> (shown once when it was
              created), or <Link to={paths.settings("api-keys")}>create a new key</Link>.
            </>
          ) : isAdmin ? (
            <>
              <Link to={paths.settings("api-keys")}>Create an API key</Link> — it is shown once; copy it.
            </>
          ) : (
            <>Ask an admin of this project for an API key.</>
          )}
        </li>
        <li>
          Set <code>FALLOM_BASE_URL={origin}</code> and <code>FALLOM_API_KEY</code>, then wrap your client:
        </li>
      </ol>
      <div className="snippets">
        <figure>
          <figcaption>TypeScript</figcaption>
          <pre className="code">{typescriptSnippet(origin, keyText)}</pre>
        </figure>
        <figure>
          <figcaption>Python</figcaption>
          <pre className="code">{pythonSnippet(origin, keyText)}</pre>
        </figure>
      </div>
    </section>
  );
}
