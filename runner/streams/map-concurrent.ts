/**
 * Maps an async iterable with at most `limit` calls of `fn` in flight, yielding results as they complete (order not
 * kept, D3). It pulls from the source only to refill a free slot, so a slow consumer slows the source: memory is
 * bounded by `limit`, never by the source's length. A failure rejects the iteration; in-flight calls are left to
 * settle on their own.
 */
export async function* mapConcurrent<T, R>(source: AsyncIterable<T>, limit: number, fn: (item: T) => Promise<R>): AsyncGenerator<R> {
  const iterator = source[Symbol.asyncIterator]();
  const inFlight = new Map<number, Promise<{ id: number; value: R }>>();
  let nextId = 0;
  let exhausted = false;
  try {
    while (true) {
      while (!exhausted && inFlight.size < limit) {
        const step = await iterator.next();
        if (step.done === true) {
          exhausted = true;
          break;
        }
        const id = nextId++;
        inFlight.set(id, fn(step.value).then((value) => ({ id, value })));
      }
      if (inFlight.size === 0) return;
      const { id, value } = await Promise.race(inFlight.values());
      inFlight.delete(id);
      yield value;
    }
  } finally {
    if (!exhausted) await iterator.return?.();
    // Failures of calls nobody awaits any more must not become unhandled rejections.
    for (const p of inFlight.values()) p.catch(() => undefined);
  }
}
