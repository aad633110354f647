/**
 * A single-consumer async queue with a capacity: `push` waits while the queue is full, which carries the consumer's
 * backpressure to the producer. `sizeOf` weighs an item (a chunk counts its elements), so a queue of chunks holds at
 * most `capacity` elements plus the chunk pushed last. A consumer that stops early (its for-await ends or throws) abandons the queue, and
 * from then on pushes are dropped at once, so one failed consumer never stalls a producer that feeds several.
 */
export interface BoundedQueue<T> extends AsyncIterable<T> {
  push(item: T): Promise<void>;
  close(): void;
  fail(err: unknown): void;
}

export function newBoundedQueue<T>(capacity: number, sizeOf: (item: T) => number = () => 1): BoundedQueue<T> {
  const items: T[] = [];
  let size = 0;
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
      while (!abandoned && size >= capacity) await new Promise<void>((resolve) => (wakeProducer = resolve));
      if (abandoned) return;
      items.push(item);
      size += sizeOf(item);
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
            size -= sizeOf(item);
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
        size = 0;
        signalProducer();
      }
    },
  };
}
