/**
 * The store contract: every case runs against SQLite (a temp file) and PostgreSQL (embedded, real
 * binaries), so both dialects behave identically.
 */
import { describe } from "vitest";
import { contextFor } from "./test-support/contract/contract-context.js";
import { multiProcessCases } from "./test-support/contract/multi-process.cases.js";
import { repositoryCases } from "./test-support/contract/repository.cases.js";
import { rollupCases } from "./test-support/contract/rollup.cases.js";
import { rollupConsistencyCases } from "./test-support/contract/rollup-consistency.cases.js";
import { spanQueryCases } from "./test-support/contract/span-query.cases.js";
import { spanWriteCases } from "./test-support/contract/span-write.cases.js";
import { spanWriterCases } from "./test-support/contract/span-writer.cases.js";
import { storeBackends } from "./test-support/store-backends.js";
import { useStoreDatabase } from "./test-support/use-store-database.js";

describe.each(storeBackends)("store contract on $name", (backend) => {
  const store = useStoreDatabase(backend);
  const ctx = contextFor(backend.name, () => store);
  spanWriteCases(ctx);
  spanQueryCases(ctx);
  rollupCases(ctx);
  rollupConsistencyCases(ctx);
  spanWriterCases(ctx);
  repositoryCases(ctx);
  multiProcessCases(ctx);
});
