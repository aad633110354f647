/** The one source of time for the operator, so schedule and retry logic can be tested without waiting. */
export interface Clock {
  now(): Date;
}

/** Cancels a pending timer; calling it twice, or after the timer fired, does nothing. */
export type CancelTimer = () => void;

/** Delayed callbacks, injectable next to the clock: a fake clock fires them when it is advanced. */
export interface Timers {
  after(ms: number, fn: () => void): CancelTimer;
}

/** A pause on `timers` that `wake()` (stop, lost leadership) can end early. */
export function wakeableSleep(timers: Timers, ms: number): { done: Promise<void>; wake: () => void } {
  let wake = (): void => undefined;
  const done = new Promise<void>((resolve) => {
    const cancel = timers.after(ms, () => wake());
    wake = () => {
      cancel();
      resolve();
    };
  });
  return { done, wake };
}

/** Wall-clock time and real timers. Timers are unref'd: pending requeues alone never keep the process alive. */
export const systemClock: Clock & Timers = {
  now: () => new Date(),
  after(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return () => clearTimeout(timer);
  },
};

interface PendingTimer {
  id: number;
  dueMs: number;
  fn: () => void;
}

/** A clock that moves only when told to; `advance` fires due timers in due order, each at its own instant. */
export class FakeClock implements Clock, Timers {
  #nowMs: number;
  #nextId = 0;
  #timers: PendingTimer[] = [];

  constructor(start: Date | string = "2026-01-01T00:00:00Z") {
    this.#nowMs = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#nowMs);
  }

  nowMs(): number {
    return this.#nowMs;
  }

  after(ms: number, fn: () => void): CancelTimer {
    const timer = { id: this.#nextId++, dueMs: this.#nowMs + Math.max(0, ms), fn };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way (including ones they set). */
  advance(ms: number): void {
    const target = this.#nowMs + ms;
    for (;;) {
      const due = this.#timers
        .filter((t) => t.dueMs <= target)
        .sort((a, b) => a.dueMs - b.dueMs || a.id - b.id)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#nowMs = Math.max(this.#nowMs, due.dueMs);
      due.fn();
    }
    this.#nowMs = target;
  }

  /** How many timers are waiting; lets tests assert that nothing was left scheduled. */
  pendingTimers(): number {
    return this.#timers.length;
  }
}
