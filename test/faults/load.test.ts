import { describe, it } from "vitest";
import { endpoints } from "../env/endpoints.ts";
import { expectLoadInvariants } from "./expect-load-invariants.ts";
import { loadBurst } from "./load-burst.ts";

// Scenario 7, full size: 1,000 requests in one burst against a global limit of 8 running batches (the short variant
// is test/e2e/load-burst-short.test.ts).

describe("fault scenario 7: load", () => {
  it("1,000 requests created in one burst all succeed, with one Job per batch attempt, never more than the limit at once, and no status moving backwards", async () => {
    expectLoadInvariants(await loadBurst({ e: endpoints(), requests: 1_000, maxConcurrentBatches: 8, timeoutMs: 900_000 }), 1_000, 8);
  });
});
