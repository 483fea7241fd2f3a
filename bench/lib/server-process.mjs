/**
 * Runs the compiled server (`packages/server/dist/cli.js serve`) as a child process, so its CPU
 * and memory are its own and not the benchmark driver's, and samples its memory from /proc.
 *
 * @example
 * const server = await startServerProcess({ dataDir, apiKey });
 * const sampler = sampleMemory(server.pid);
 * // … load …
 * const { peakRssKib } = sampler.stop();
 * await server.stop();
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SERVER_DIST = fileURLToPath(new URL("../../packages/server/dist/", import.meta.url));
const CLI = `${SERVER_DIST}cli.js`;

/** Fails early, with the fix, when the server has not been built. */
export function requireBuiltServer() {
  if (!existsSync(CLI)) {
    throw new Error(`${CLI} is missing: run \`npm run build\` at the repository root first.`);
  }
}

/**
 * @param {{ dataDir: string, apiKey: string, databaseUrl?: string, env?: Record<string, string>,
 *   nodeArgs?: string[], log?: (line: string) => void }} options
 * @returns {Promise<{ url: string, pid: number, output: string[], stop: () => Promise<number | null> }>}
 */
export function startServerProcess(options) {
  requireBuiltServer();
  const args = [...(options.nodeArgs ?? []), CLI, "serve", "--port", "0", "--data-dir", options.dataDir];
  if (options.databaseUrl) args.push("--database-url", options.databaseUrl);
  const env = { ...process.env, FALLOM_BOOTSTRAP_API_KEY: options.apiKey, ...options.env };
  // Never let a DATABASE_URL from the caller's shell leak into a run that did not ask for it.
  if (!options.databaseUrl) delete env.DATABASE_URL;
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  /** @type {string[]} */
  const output = [];
  const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));

  return new Promise((resolve, reject) => {
    let buffered = "";
    const onData = (/** @type {Buffer} */ chunk) => {
      buffered += chunk.toString("utf8");
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        output.push(line);
        if (output.length > 200) output.shift();
        options.log?.(line);
        const match = /listening on (http:\/\/\S+)/.exec(line);
        if (match?.[1]) {
          resolve({
            url: match[1],
            pid: /** @type {number} */ (child.pid),
            output,
            async stop() {
              if (child.exitCode === null) child.kill("SIGTERM");
              return exited;
            },
          });
        }
        newline = buffered.indexOf("\n");
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    exited.then((code) =>
      reject(new Error(`The server exited (${code}) before listening:\n${output.join("\n")}`)),
    );
  });
}

/**
 * Reads `VmRSS` and `VmHWM` (peak resident set, kept by the kernel) in KiB.
 * @param {number} pid
 */
export function readMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (/** @type {string} */ name) =>
    Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
  return { rssKib: field("VmRSS"), hwmKib: field("VmHWM") };
}

/**
 * CPU time (user + system) the process has used so far, in seconds (`/proc/<pid>/stat`, clock
 * ticks of 1/100 s on Linux).
 * @param {number} pid
 */
export function readCpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * CPU seconds per thread of the process (`/proc/<pid>/task/<tid>/stat`), keyed by thread id; the
 * main thread's id is the pid. With the span writer in a worker thread, the busiest thread bounds
 * the throughput on an idle machine: that is the number to compare when other jobs share the cores.
 * @param {number} pid
 * @returns {Map<number, number>}
 */
export function readThreadCpuSeconds(pid) {
  /** @type {Map<number, number>} */
  const out = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

/**
 * Samples RSS every `intervalMs`; `stop()` returns the largest sample and the kernel's peak.
 * @param {number} pid
 */
export function sampleMemory(pid, intervalMs = 100) {
  const start = readMemory(pid);
  let peakSampled = start.rssKib;
  let hwm = start.hwmKib;
  const timer = setInterval(() => {
    try {
      const now = readMemory(pid);
      peakSampled = Math.max(peakSampled, now.rssKib);
      hwm = now.hwmKib;
    } catch {
      // The process is gone; keep what was seen.
    }
  }, intervalMs);
  return {
    startRssKib: start.rssKib,
    stop() {
      clearInterval(timer);
      try {
        const now = readMemory(pid);
        peakSampled = Math.max(peakSampled, now.rssKib);
        hwm = now.hwmKib;
      } catch {
        // as above
      }
      return { peakSampledRssKib: peakSampled, peakRssKib: hwm };
    },
  };
}
