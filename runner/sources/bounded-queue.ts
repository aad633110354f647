/**
 * A single-consumer async queue with a capacity: `push` waits while the queue is full, which carries the consumer's
 * backpressure to the producer. A consumer that stops early (its for-await ends or throws) abandons the queue, and
 * from then on pushes are dropped at once, so one failed consumer never stalls a producer that feeds several.
 */
export interface BoundedQueue<T> extends AsyncIterable<T> {
  push(item: T): Promise<void>;
  close(): void;
  fail(err: unknown): void;
}

export function newBoundedQueue<T>(capacity: number): BoundedQueue<T> {
  const items: T[] = [];
  let closed = false;
  let failure: { err: unknown } | undefined;
  let abandoned = false;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  const signalConsumer = (): void => {
    wakeConsumer?.();
    wakeConsumer = undefined;
  };
  const signalProducer = (): void => {
    wakeProducer?.();
    wakeProducer = undefined;
  };
  return {
    async push(item) {
      while (!abandoned && items.length >= capacity) await new Promise<void>((resolve) => (wakeProducer = resolve));
      if (abandoned) return;
      items.push(item);
      signalConsumer();
    },
    close() {
      closed = true;
      signalConsumer();
    },
    fail(err) {
      failure = { err };
      signalConsumer();
    },
    async *[Symbol.asyncIterator]() {
      try {
        while (true) {
          if (items.length > 0) {
            const item = items.shift() as T;
            signalProducer();
            yield item;
          } else if (failure !== undefined) {
            throw failure.err;
          } else if (closed) {
            return;
          } else {
            await new Promise<void>((resolve) => (wakeConsumer = resolve));
          }
        }
      } finally {
        abandoned = true;
        items.length = 0;
        signalProducer();
      }
    },
  };
}
