/**
 * The questions the query benchmark asks, shared by bench/queries.mjs (HTTP and --explain) and
 * bench/query-fixes.mjs (what-if schema changes). Filter values rotate deterministically through
 * the data set's customers, sessions, models, tags and plans.
 */

/** Deterministic walk through a list: request i gets a different value, spread over the list. */
export const nth = (/** @type {readonly string[]} */ values, /** @type {number} */ i) =>
  /** @type {string} */ (values[(i * 7919 + 13) % values.length]);
/**
 * The read queries of the benchmark for a generated data set (bench-dataset.json). Each query:
 * its HTTP path for request i, the target it is judged by, and the same question as
 * a call into the compiled store (for --explain).
 * @param {any} dataset
 * @returns {Array<{ name: string, target: number, path: (i: number) => string,
 *   store: (api: any, i: number) => Promise<unknown> }>}
 */
export function readQueries(dataset) {
  const range = `from=${encodeURIComponent(dataset.from)}&to=${encodeURIComponent(dataset.to)}`;
  return [
    {
      name: "spans first page",
      target: 50,
      path: () => "/api/v1/spans?limit=50",
      store: (s) => s.listSpans(s.database, s.projectId, {}, { limit: 50 }),
    },
    {
      name: "spans customer_id=",
      target: 50,
      path: (i) => `/api/v1/spans?limit=50&customer_id=${nth(dataset.customers, i)}`,
      store: (s, i) =>
        s.listSpans(s.database, s.projectId, { customer_id: nth(dataset.customers, i) }, { limit: 50 }),
    },
    {
      name: "spans model=",
      target: 50,
      path: (i) => `/api/v1/spans?limit=50&model=${nth(dataset.models, i)}`,
      store: (s, i) => s.listSpans(s.database, s.projectId, { model: nth(dataset.models, i) }, { limit: 50 }),
    },
    {
      name: "spans tag=",
      target: 50,
      path: (i) => `/api/v1/spans?limit=50&tag=${nth(dataset.tags, i)}`,
      store: (s, i) => s.listSpans(s.database, s.projectId, { tags: [nth(dataset.tags, i)] }, { limit: 50 }),
    },
    {
      name: "spans metadata.plan=",
      target: 50,
      path: (i) => `/api/v1/spans?limit=50&metadata.plan=${nth(dataset.plans, i)}`,
      store: (s, i) =>
        s.listSpans(s.database, s.projectId, { metadata: { plan: nth(dataset.plans, i) } }, { limit: 50 }),
    },
    {
      name: "spans session_id=",
      target: 50,
      path: (i) => `/api/v1/spans?limit=50&session_id=${nth(dataset.sessions, i)}`,
      store: (s, i) =>
        s.listSpans(s.database, s.projectId, { session_id: nth(dataset.sessions, i) }, { limit: 50 }),
    },
    {
      name: "spans status=ERROR",
      target: 50,
      path: () => "/api/v1/spans?limit=50&status=ERROR",
      store: (s) => s.listSpans(s.database, s.projectId, { status: "ERROR" }, { limit: 50 }),
    },
    {
      name: "session detail",
      target: 50,
      path: (i) => `/api/v1/sessions/${nth(dataset.sessions, i)}`,
      store: (s, i) => s.getSession(s.database, s.projectId, nth(dataset.sessions, i)),
    },
    {
      // The largest page a client may ask for (limit ≤ 200); the default page is 50 calls.
      name: "session detail limit=200",
      target: 50,
      path: (i) => `/api/v1/sessions/${nth(dataset.sessions, i)}?limit=200`,
      store: (s, i) => s.getSession(s.database, s.projectId, nth(dataset.sessions, i), { limit: 200 }),
    },
    {
      name: "sessions list",
      target: 50,
      path: () => "/api/v1/sessions?limit=50",
      store: (s) => s.listSessions(s.database, s.projectId, {}, { limit: 50 }),
    },
    {
      name: "traces list",
      target: 50,
      path: () => "/api/v1/traces?limit=50",
      store: (s) => s.listTraces(s.database, s.projectId, {}, { limit: 50 }),
    },
    {
      name: "customers list",
      target: 50,
      path: () => "/api/v1/customers?limit=50",
      store: (s) => s.listCustomers(s.database, s.projectId, {}, { limit: 50 }),
    },
    {
      name: "metrics by day (30 d)",
      target: 250,
      path: () => `/api/v1/metrics?group_by=day&${range}`,
      store: (s) =>
        s.metrics(s.database, s.projectId, { group_by: "day", from: dataset.from, to: dataset.to }),
    },
    {
      name: "metrics by model (30 d)",
      target: 250,
      path: () => `/api/v1/metrics?group_by=model&${range}`,
      store: (s) =>
        s.metrics(s.database, s.projectId, { group_by: "model", from: dataset.from, to: dataset.to }),
    },
  ];
}
