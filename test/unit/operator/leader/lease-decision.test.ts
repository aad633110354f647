import { describe, expect, it } from "vitest";
import { decide, defaultTimings, isExpired, leaderIdentity, observe, releasedSpec } from "../../../../operator/leader/lease-decision.ts";
import type { LeaseSpec, ObservedLease } from "../../../../operator/leader/lease-decision.ts";

const me = leaderIdentity("exhaust-operator-7d9f-abcde", "a1b2");
const other = "exhaust-operator-7d9f-fghij_c3d4";
const firstSeen = new Date("2026-03-01T12:00:00Z");
const seconds = (s: number) => new Date(firstSeen.getTime() + s * 1000);

const heldBy = (holder: string, extra: Partial<LeaseSpec> = {}): LeaseSpec => ({
  holderIdentity: holder,
  leaseDurationSeconds: 15,
  acquireTime: "2026-03-01T11:00:00.000000Z",
  renewTime: "2026-03-01T11:59:59.000000Z",
  leaseTransitions: 4,
  ...extra,
});
const seen = (spec: LeaseSpec): ObservedLease => ({ spec, resourceVersion: "100", observedAtMs: firstSeen.getTime() });

describe("decide", () => {
  const cases: { name: string; observed?: ObservedLease; now: Date; expected: Record<string, unknown> }[] = [
    {
      name: "no Lease yet -> create it holding it, zero transitions",
      now: firstSeen,
      expected: { action: "create", spec: { holderIdentity: me, leaseDurationSeconds: 15, leaseTransitions: 0, acquireTime: "2026-03-01T12:00:00.000000Z" } },
    },
    {
      name: "another holder seen 14.9 s ago -> wait",
      observed: seen(heldBy(other)),
      now: seconds(14.9),
      expected: { action: "wait", holder: other },
    },
    {
      name: "another holder unchanged for 15 s -> expired, acquire, transitions + 1",
      observed: seen(heldBy(other)),
      now: seconds(15),
      expected: { action: "update", acquiring: true, spec: { holderIdentity: me, leaseTransitions: 5, renewTime: "2026-03-01T12:00:15.000000Z" } },
    },
    {
      name: "released Lease (empty holder) -> acquire at once",
      observed: seen(releasedSpec(heldBy(other), firstSeen)),
      now: seconds(0.1),
      expected: { action: "update", acquiring: true, spec: { holderIdentity: me, leaseTransitions: 5 } },
    },
    {
      name: "our own Lease -> renew, keep acquireTime and transitions",
      observed: seen(heldBy(me)),
      now: seconds(2),
      expected: {
        action: "update",
        acquiring: false,
        spec: { holderIdentity: me, acquireTime: "2026-03-01T11:00:00.000000Z", renewTime: "2026-03-01T12:00:02.000000Z", leaseTransitions: 4 },
      },
    },
    {
      name: "holder's own lease duration is honoured (60 s) -> still waiting after 30 s",
      observed: seen(heldBy(other, { leaseDurationSeconds: 60 })),
      now: seconds(30),
      expected: { action: "wait", holder: other },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(decide(c.observed, me, c.now, defaultTimings)).toMatchObject(c.expected);
    });
  }
});

describe("observe and isExpired", () => {
  it("keeps the first observed time while the record is unchanged, so expiry uses our clock", () => {
    const first = observe(undefined, heldBy(other), "100", firstSeen.getTime());
    const again = observe(first, heldBy(other), "100", seconds(10).getTime());
    expect(again.observedAtMs).toBe(firstSeen.getTime());
    expect(isExpired(again, seconds(14).getTime(), defaultTimings)).toBe(false);
    expect(isExpired(again, seconds(15).getTime(), defaultTimings)).toBe(true);
  });

  it("restarts the observed time when the holder renews, whatever time the holder wrote", () => {
    const first = observe(undefined, heldBy(other), "100", firstSeen.getTime());
    const renewed = observe(first, heldBy(other, { renewTime: "1999-01-01T00:00:00.000000Z" }), "101", seconds(10).getTime());
    expect(renewed.observedAtMs).toBe(seconds(10).getTime());
    expect(isExpired(renewed, seconds(20).getTime(), defaultTimings)).toBe(false);
  });

  it("a released Lease has no holder and a 1 s duration", () => {
    expect(releasedSpec(heldBy(me), firstSeen)).toMatchObject({ holderIdentity: "", leaseDurationSeconds: 1, leaseTransitions: 4 });
  });
});
