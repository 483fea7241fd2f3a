/**
 * The shared vocabulary of generated traffic: models (with provider, SDK method and a rough
 * price), config keys, tags, metadata values. Used by the ingest bodies and the 1M-span generator
 * so both look like the same application.
 */

/**
 * `priceIn` / `priceOut` are USD per million tokens (rough list prices, only for generated rows;
 * the server prices ingested spans itself). `null` = a model the price data does not know.
 */
export const MODELS = [
  {
    model: "gpt-4o-mini",
    provider: "openai",
    method: "chat.completions.create",
    weight: 28,
    priceIn: 0.15,
    priceOut: 0.6,
  },
  {
    model: "gpt-4o",
    provider: "openai",
    method: "chat.completions.create",
    weight: 14,
    priceIn: 2.5,
    priceOut: 10,
  },
  {
    model: "gpt-4.1-mini",
    provider: "openai",
    method: "chat.completions.create",
    weight: 10,
    priceIn: 0.4,
    priceOut: 1.6,
  },
  {
    model: "o3-mini",
    provider: "openai",
    method: "chat.completions.create",
    weight: 5,
    priceIn: 1.1,
    priceOut: 4.4,
    reasoning: true,
  },
  {
    model: "claude-3-5-haiku-20241022",
    provider: "anthropic",
    method: "messages.create",
    weight: 12,
    priceIn: 0.8,
    priceOut: 4,
  },
  {
    model: "claude-sonnet-4-20250514",
    provider: "anthropic",
    method: "messages.create",
    weight: 12,
    priceIn: 3,
    priceOut: 15,
  },
  {
    model: "gemini-2.0-flash",
    provider: "google",
    method: "models.generateContent",
    weight: 13,
    priceIn: 0.1,
    priceOut: 0.4,
  },
  {
    model: "acme-support-ft-v2",
    provider: "openai",
    method: "chat.completions.create",
    weight: 6,
    priceIn: null,
    priceOut: null,
  },
];

export const CONFIG_KEYS = Array.from(
  { length: 20 },
  (_, i) =>
    ["support-chat", "checkout-assistant", "search-rerank", "summariser", "email-draft"][i % 5] +
    (i < 5 ? "" : `-v${Math.floor(i / 5) + 1}`),
);

export const TAGS = [
  "production",
  "beta",
  "mobile",
  "web",
  "api",
  "eval",
  "retry",
  "vip",
  "batch",
  "experiment",
];

export const PLANS = ["free", "pro", "team", "enterprise"];
export const REGIONS = ["us-east", "us-west", "eu-west", "eu-central", "ap-south"];

export const SERVER_ADDRESS = {
  openai: "api.openai.com",
  anthropic: "api.anthropic.com",
  google: "generativelanguage.googleapis.com",
};

export const ERROR_TYPES = ["RateLimitError", "APITimeoutError", "InternalServerError", "BadRequestError"];
