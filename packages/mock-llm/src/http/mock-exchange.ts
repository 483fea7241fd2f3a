import type { IncomingMessage, ServerResponse } from "node:http";
import type { IdSequence } from "./id-sequence.js";
import type { MockBehaviour } from "./mock-behaviour.js";

/** One request being answered: what every endpoint handler receives. */
export interface MockExchange {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  /** The parsed JSON body (`undefined` when there is none). */
  body: unknown;
  behaviour: MockBehaviour;
  ids: IdSequence;
  /** Captures of the route pattern (e.g. the Gemini model name). */
  params: string[];
}
