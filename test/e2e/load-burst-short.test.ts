import { describe, it } from "vitest";
import { endpoints } from "../env/endpoints.ts";
import { expectLoadInvariants } from "../faults/expect-load-invariants.ts";
import { loadBurst } from "../faults/load-burst.ts";

// Scenario 7, short (the full 1,000 is test/faults/load.test.ts): 50 requests in one burst against a limit of 4.

describe("fault scenario 7 (short): a burst of requests", () => {
  it("50 requests created in one burst all succeed, with one Job per batch attempt, never more than the limit at once, and no status moving backwards", async () => {
    expectLoadInvariants(await loadBurst({ e: endpoints(), requests: 50, maxConcurrentBatches: 4, timeoutMs: 150_000 }), 50, 4);
  }, 240_000);
});
