/**
 * Regroups an async iterable of arrays into arrays of exactly `size` items (the last may be shorter), pulling lazily:
 * pages of any length in, fixed-size lookup batches out.
 */
export async function* chunked<T>(source: AsyncIterable<readonly T[]>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const items of source) {
    let from = 0;
    while (from < items.length) {
      const take = Math.min(size - chunk.length, items.length - from);
      for (let i = from; i < from + take; i++) chunk.push(items[i] as T);
      from += take;
      if (chunk.length >= size) {
        yield chunk;
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) yield chunk;
}
