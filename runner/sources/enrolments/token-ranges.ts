// Murmur3Partitioner tokens are signed 64-bit. Cassandra never assigns the minimum token to a key (Murmur3 maps it to
// the maximum), so ranges of the form (start, end] starting at the minimum cover every row exactly once.
export const minToken = -(2n ** 63n);
export const maxToken = 2n ** 63n - 1n;

export interface TokenRange {
  /** Exclusive. */
  start: bigint;
  /** Inclusive. */
  end: bigint;
}

/** Splits the whole ring into `count` contiguous (start, end] ranges of near-equal width. */
export function splitRing(count: number): TokenRange[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`range count must be a positive integer, got ${count}`);
  const width = (maxToken - minToken) / BigInt(count);
  const ranges: TokenRange[] = [];
  let start = minToken;
  for (let i = 1; i <= count; i++) {
    const end = i === count ? maxToken : minToken + width * BigInt(i);
    ranges.push({ start, end });
    start = end;
  }
  return ranges;
}
