import { describe, expect, it } from "vitest";
import { serialWriter } from "../../../env/stand-in-node/serial-writer.ts";

// A controllable write: each call records the state it rendered and waits until released.
function fakeWrites(state: { value: string }) {
  const rendered: string[] = [];
  const releases: (() => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const write = (): Promise<void> => {
    rendered.push(state.value);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    return new Promise<void>((resolve) => releases.push(() => (inFlight--, resolve())));
  };
  const releaseNext = async (): Promise<void> => {
    for (let i = 0; i < 10 && releases.length === 0; i++) await Promise.resolve();
    releases.shift()?.();
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return { write, rendered, releaseNext, maxInFlight: () => maxInFlight };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe("serialWriter", () => {
  it("a fast terminal state written while Running is in flight ends as the last write", async () => {
    const state = { value: "Running" };
    const f = fakeWrites(state);
    const request = serialWriter(f.write);
    const running = request();
    await flush(); // the Running write is now in flight
    state.value = "Succeeded"; // the process exited before the Running write landed
    const terminal = request();
    await f.releaseNext();
    await f.releaseNext();
    await Promise.all([running, terminal]);
    expect(f.rendered).toEqual(["Running", "Succeeded"]);
    expect(f.maxInFlight()).toBe(1);
  });

  it("requests made while a write is queued join it; the queued write renders the newest state", async () => {
    const state = { value: "a" };
    const f = fakeWrites(state);
    const request = serialWriter(f.write);
    const first = request();
    await flush();
    state.value = "b";
    const second = request();
    state.value = "c";
    const third = request();
    expect(third).toBe(second);
    await f.releaseNext();
    await f.releaseNext();
    await Promise.all([first, second, third]);
    expect(f.rendered).toEqual(["a", "c"]);
  });

  it("a failed write rejects its callers but later writes still run", async () => {
    let calls = 0;
    const request = serialWriter(async () => {
      calls++;
      if (calls === 1) throw new Error("apiserver down");
    });
    await expect(request()).rejects.toThrow("apiserver down");
    await expect(request()).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});
