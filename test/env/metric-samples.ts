// Reading the operator's Prometheus text (/metrics): samples by series, sums over labels, and a histogram's quantile
// between two scrapes. Pure; shared by bench:operator and the load scenario (test/faults/load-burst.ts).

/** Series (name with its labels, as printed) -> value. */
export type Samples = Map<string, number>;

export function parseMetrics(text: string): Samples {
  const out: Samples = new Map();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    out.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return out;
}

/** The sum of every series of one metric, whatever its labels. */
export function sumSamples(samples: Samples, name: string): number {
  let total = 0;
  for (const [key, value] of samples) if (key === name || key.startsWith(`${name}{`)) total += value;
  return total;
}

/** Cumulative bucket counts (le -> count) of one histogram, after minus before. */
export function histogramDelta(a: Samples, b: Samples, name: string): [number, number][] {
  const out: [number, number][] = [];
  for (const [key, value] of b) {
    if (!key.startsWith(`${name}{`)) continue;
    const le = /le="([^"]+)"/.exec(key)?.[1];
    if (le === undefined) continue;
    out.push([le === "+Inf" ? Infinity : Number(le), value - (a.get(key) ?? 0)]);
  }
  return out.sort((x, y) => x[0] - y[0]);
}

/** Prometheus-style quantile: linear interpolation inside the bucket that holds the rank. */
export function histogramQuantile(buckets: [number, number][], q: number): number {
  const total = buckets[buckets.length - 1]?.[1] ?? 0;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const [le, count] of buckets) {
    if (count >= rank) return le === Infinity ? lower : lower + ((le - lower) * (rank - below)) / Math.max(1, count - below);
    lower = le;
    below = count;
  }
  return lower;
}
