/**
 * Deterministic randomness for the sample data. Every record draws from its own stream, derived from
 * (seed, kind, index), so any record can be produced alone and a stream of a million rows needs no state.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Lowercase hex digits. */
  hex(length: number): string;
  /** Decimal digits. */
  digits(length: number): string;
}

// mulberry32: 32-bit state, good enough statistics for test data, trivially portable.
function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// FNV-1a over the label, then a murmur3 finaliser over the mixed integers: distinct (seed, kind, index)
// triples land on unrelated streams.
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function streamSeed(seed: number, kind: string, index: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < kind.length; i++) h = Math.imul(h ^ kind.charCodeAt(i), 0x01000193);
  h = mix(h ^ mix(seed >>> 0));
  h = mix(h ^ mix(index >>> 0) ^ Math.floor(index / 4294967296));
  return h;
}

export function rngFor(seed: number, kind: string, index = 0): Rng {
  const next = mulberry32(streamSeed(seed, kind, index));
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const chars = (alphabet: string, length: number): string => {
    let s = "";
    for (let i = 0; i < length; i++) s += alphabet[int(0, alphabet.length - 1)];
    return s;
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) throw new Error("pick from an empty list");
      return item;
    },
    hex: (length) => chars("0123456789abcdef", length),
    digits: (length) => chars("0123456789", length),
  };
}

/** A version-4-shaped UUID, as Sunbird uses for user ids. */
export function uuidFrom(rng: Rng): string {
  const h = rng.hex(32);
  const variant = "89ab"[rng.int(0, 3)] ?? "8";
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
