/**
 * A trace sink for SDK benchmarks: answers every request with 200 and an empty JSON object after
 * reading the body, and counts requests and bytes (printed on SIGTERM). Prints its URL first.
 */
import { createServer } from "node:http";

let requests = 0;
let bytes = 0;
const server = createServer((request, response) => {
  request.on("data", (chunk) => {
    bytes += chunk.length;
  });
  request.on("end", () => {
    requests++;
    response.writeHead(200, { "content-type": "application/json" });
    response.end("{}");
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`http://127.0.0.1:${address.port}\n`);
});
process.on("SIGTERM", () => {
  process.stderr.write(`sink: ${requests} requests, ${bytes} bytes\n`);
  process.exit(0);
});
