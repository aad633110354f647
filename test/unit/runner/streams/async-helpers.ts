/** Lets pending promise callbacks and I/O callbacks run once. */
export const tick = (): Promise<void> => new Promise<void>((r) => setImmediate(r));

/** Every item of an async iterable, in order. */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
