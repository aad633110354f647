// One writer per pod: writes run one after another, never in parallel, and a request made while a write is
// queued joins that write. Each write renders the pod's *latest* state when it starts, so the last write always
// carries the newest state: a slow "Running" write can no longer land after "Succeeded" (test-environment.md §0).

/** Returns `request()`: resolves once a write that started after the call has finished. */
export function serialWriter(write: () => Promise<void>): () => Promise<void> {
  let tail: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;
  return () => {
    if (queued) return queued;
    const next = tail.then(() => {
      queued = undefined;
      return write();
    });
    queued = next;
    // A failed write must not block the ones after it; the caller of that write sees its error.
    tail = next.catch(() => undefined);
    return next;
  };
}
