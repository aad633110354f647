import { describe, expect, it } from "vitest";
import { rngFor, uuidFrom } from "../../data/prng.ts";

const draws = (seed: number, kind: string, index: number): number[] => {
  const rng = rngFor(seed, kind, index);
  return Array.from({ length: 8 }, () => rng.next());
};

describe("rngFor", () => {
  it("gives the same stream for the same (seed, kind, index)", () => {
    expect(draws(7, "user", 3)).toEqual(draws(7, "user", 3));
  });

  it.each([
    { name: "another seed", seed: 8, kind: "user", index: 3 },
    { name: "another kind", seed: 7, kind: "batch", index: 3 },
    { name: "another index", seed: 7, kind: "user", index: 4 },
    { name: "an index past 2^32", seed: 7, kind: "user", index: 3 + 2 ** 32 },
  ])("gives a different stream for $name", ({ seed, kind, index }) => {
    expect(draws(seed, kind, index)).not.toEqual(draws(7, "user", 3));
  });

  it("stays in range and covers it", () => {
    const rng = rngFor(1, "range");
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = rng.int(-2, 3);
      expect(v).toBeGreaterThanOrEqual(-2);
      expect(v).toBeLessThanOrEqual(3);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2, 3]);
  });

  it("makes version-4-shaped UUIDs and hex/digit strings of the asked length", () => {
    const rng = rngFor(5, "ids");
    expect(uuidFrom(rng)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(rng.hex(32)).toMatch(/^[0-9a-f]{32}$/);
    expect(rng.digits(18)).toMatch(/^[0-9]{18}$/);
  });
});
