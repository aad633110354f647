import { describe, expect, it } from "vitest";
import { requestsToWake } from "../../../../../operator/requests/capacity/slot-wakeups.ts";

const limits = { maxConcurrentBatches: 4, maxConcurrentBatchesPerChannel: 2 };

describe("requestsToWake", () => {
  const cases: { name: string; waiting: [string, string][]; global: number; byChannel: [string, number][]; expected: string[] }[] = [
    { name: "nothing waits -> nobody", waiting: [], global: 0, byChannel: [], expected: [] },
    { name: "global limit reached -> nobody", waiting: [["ns/a", "x"]], global: 4, byChannel: [["x", 1]], expected: [] },
    {
      name: "two free slots -> the two oldest waiters",
      waiting: [["ns/a", "x"], ["ns/b", "y"], ["ns/c", "z"]],
      global: 2,
      byChannel: [],
      expected: ["ns/a", "ns/b"],
    },
    {
      name: "a full channel is skipped, later waiters of other channels are woken",
      waiting: [["ns/a", "x"], ["ns/b", "y"]],
      global: 2,
      byChannel: [["x", 2]],
      expected: ["ns/b"],
    },
    {
      name: "one channel's room is shared by its waiters",
      waiting: [["ns/a", "x"], ["ns/b", "x"], ["ns/c", "x"]],
      global: 0,
      byChannel: [["x", 1]],
      expected: ["ns/a"],
    },
  ];
  it.each(cases)("$name", ({ waiting, global, byChannel, expected }) => {
    expect(requestsToWake(waiting, { global, byChannel: new Map(byChannel) }, limits)).toEqual(expected);
  });
});
