/** Programmatic entry point: start the server in-process (tests, embedding). The CLI is `fallom`. */
export { ConfigError, resolveConfig, type ServerConfig, type ServerFlags } from "./config.js";
export { type RunningServer, startServer } from "./server.js";
