import { describe, it } from "vitest";
import { endpoints } from "../env/endpoints.ts";
import { expectLoadInvariants } from "../faults/expect-load-invariants.ts";
import { loadBurst } from "../faults/load-burst.ts";

// Scenario 7, short (the full 1,000 is test/faults/load.test.ts): 24 requests in one burst against a limit of 4, six
// times the limit, so requests queue for the limit as in the long run; the time is rounds of four runner Jobs.

describe("fault scenario 7 (short): a burst of requests", () => {
  it("24 requests created in one burst all succeed, with one Job per batch attempt, never more than the limit at once, and no status moving backwards", async () => {
    expectLoadInvariants(await loadBurst({ e: endpoints(), requests: 24, maxConcurrentBatches: 4, timeoutMs: 150_000 }), 24, 4);
  }, 240_000);
});
