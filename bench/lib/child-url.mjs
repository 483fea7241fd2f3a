/**
 * Starts a child process that prints its URL on the first stdout line (mock-llm, the sink) and
 * resolves once it has.
 */
import { spawn } from "node:child_process";

export function startChild(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
    let buffered = "";
    const onData = (data) => {
      buffered += data;
      const newline = buffered.indexOf("\n");
      if (newline === -1) return;
      child.stdout.off("data", onData);
      child.stdout.resume();
      resolve({ child, url: buffered.slice(0, newline).trim() });
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${args[0]} exited with ${code} before printing its URL`)));
  });
}
