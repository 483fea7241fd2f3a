/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and returns where the self time went, by
 * function and by package / source file, so a benchmark can print "what the server spent its CPU
 * on" next to its numbers.
 *
 * @example
 * const { byStage, byFunction, byFile, totalMs } = summariseCpuProfile(JSON.parse(readFileSync(path, "utf8")));
 */

/** `node_modules/<pkg>` (scoped too), `server:<path below src>` for our code, else the URL. */
function fileLabel(url) {
  if (!url) return "(native / V8)";
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1]) return modules[1];
  const ours = /packages\/server\/dist\/(.*)$/.exec(url);
  if (ours?.[1]) return `server:${ours[1]}`;
  if (url.startsWith("node:")) return url;
  return url.replace(/^file:\/\//, "");
}

/**
 * The data-path stage a frame belongs to. better-sqlite3 runs SQLite synchronously inside the
 * JavaScript call that issued the statement, so Kysely's `executeQuery` self time (and
 * better-sqlite3's own) is time spent inside SQLite, fsync included.
 * @param {string} functionName
 * @param {string} file
 */
function stageOf(functionName, file) {
  if (functionName === "(garbage collector)") return "garbage collection";
  if ((file === "kysely" && functionName === "executeQuery") || file === "better-sqlite3") {
    return "database (SQLite native / driver)";
  }
  if (file === "pg" || file === "pg-protocol" || file === "pg-pool" || file === "pg-types")
    return "database (pg driver)";
  if (file === "protobufjs" || file === "long" || /^server:ingest\/decode-/.test(file))
    return "decode (protobuf → raw spans)";
  if (
    /^server:ingest\/normalise\//.test(file) ||
    /^server:domain\/(parse-raw-content|map-provider)/.test(file)
  ) {
    return "normalise";
  }
  if (file === "@pydantic/genai-prices" || /^server:domain\/(price|compute-cost)/.test(file)) return "price";
  if (/^server:media\//.test(file) || /^server:domain\/strip-content/.test(file))
    return "media / content gate";
  if (/^server:store\//.test(file) || file === "kysely") return "store (JS: rows, SQL text, Kysely)";
  if (
    file === "hono" ||
    file === "@hono/node-server" ||
    /^node:(_http|http|net|stream|internal)/.test(file)
  ) {
    return "HTTP";
  }
  if (/^server:(http|ingest)\//.test(file)) return "HTTP";
  return "other (V8 builtins, JSON, Buffer…)";
}

/**
 * @param {{ nodes: Array<{ id: number, callFrame: { functionName: string, url: string, lineNumber: number } }>,
 *   samples: number[], timeDeltas: number[] }} profile
 */
export function summariseCpuProfile(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  /** @type {Map<number, number>} */
  const selfMicros = new Map();
  profile.samples.forEach((id, index) => {
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  /** @type {Map<string, number>} */
  const byFunction = new Map();
  /** @type {Map<string, number>} */
  const byFile = new Map();
  /** @type {Map<string, number>} */
  const byStage = new Map();
  let total = 0;
  let idle = 0;
  for (const [id, micros] of selfMicros) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    if (frame.functionName === "(idle)") {
      idle += micros;
      continue;
    }
    total += micros;
    const file = fileLabel(frame.url);
    const name = `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    byFile.set(file, (byFile.get(file) ?? 0) + micros);
    const stage = stageOf(frame.functionName, file);
    byStage.set(stage, (byStage.get(stage) ?? 0) + micros);
  }
  const top = (/** @type {Map<string, number>} */ map) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).map(([name, micros]) => ({ name, ms: micros / 1000 }));
  return {
    totalMs: total / 1000,
    idleMs: idle / 1000,
    byStage: top(byStage),
    byFunction: top(byFunction),
    byFile: top(byFile),
  };
}
