/**
 * Reads several async sources, at most `limit` at a time, and yields their items interleaved as they arrive. Each
 * open source has at most one pending `next()`, so nothing is read ahead of the consumer beyond that.
 */
export async function* mergeBounded<T>(sources: Iterable<() => AsyncIterable<T>>, limit: number): AsyncGenerator<T> {
  const pending = sources[Symbol.iterator]();
  type Active = { iterator: AsyncIterator<T>; next: Promise<{ active: Active; step: IteratorResult<T> }> };
  const active = new Set<Active>();
  const pull = (a: Active): void => {
    a.next = a.iterator.next().then((step) => ({ active: a, step }));
  };
  const open = (): boolean => {
    const source = pending.next();
    if (source.done === true) return false;
    const a = { iterator: source.value()[Symbol.asyncIterator]() } as Active;
    pull(a);
    active.add(a);
    return true;
  };
  try {
    while (active.size < limit && open());
    while (active.size > 0) {
      const { active: a, step } = await Promise.race([...active].map((x) => x.next));
      if (step.done === true) {
        active.delete(a);
        open();
        continue;
      }
      pull(a);
      yield step.value;
    }
  } finally {
    for (const a of active) {
      a.next.catch(() => undefined);
      void a.iterator.return?.()?.catch?.(() => undefined);
    }
  }
}
