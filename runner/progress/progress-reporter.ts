// The shell of progress: a JSON line through the runner's logger when stderr is a pipe (the operator reads it with
// pods/log), a redrawn cli-progress line per batch when stderr is a terminal. main.ts calls tick() on a timer.
import cliProgress from "cli-progress";
import { PROGRESS_MESSAGE, progressFields } from "../../crds/runner-progress.ts";
import type { Logger } from "pino";
import type { ProgressBoard } from "./progress-board.ts";
import { terminalFields } from "./progress-text.ts";

export interface ProgressReporter {
  tick(nowMs: number): void;
  stop(): void;
}

/** One progress line per batch and interval (crds/runner-progress.ts); none for a batch that ends sooner. */
export function jsonProgressReporter(board: ProgressBoard, log: Logger, intervalMs: number): ProgressReporter {
  return {
    tick(nowMs) {
      for (const b of board.takeDue(nowMs, intervalMs)) {
        log.info(progressFields({ batchId: b.batchId, rows: b.rows, bytes: b.bytes, elapsedMs: Math.max(0, Math.round(nowMs - b.startedMs)) }), PROGRESS_MESSAGE);
      }
    },
    stop: () => undefined,
  };
}

/** A line per batch (rows, rows/s, bytes) that cli-progress redraws in place; no JSON progress lines. */
export function terminalProgressReporter(board: ProgressBoard, stream: NodeJS.WriteStream): ProgressReporter {
  // The total is unknown while a batch streams, so the format has no bar, only counts.
  const bars = new cliProgress.MultiBar({ stream, format: "{batchId} | {rows} rows | {rate} rows/s | {size}", hideCursor: true, clearOnComplete: false, emptyOnZero: true });
  const shown = new Map<string, cliProgress.SingleBar>();
  return {
    tick(nowMs) {
      for (const b of board.live()) {
        const fields = terminalFields(b, nowMs);
        const bar = shown.get(b.batchId);
        if (bar === undefined) shown.set(b.batchId, bars.create(0, b.rows, fields));
        else bar.update(b.rows, fields);
      }
    },
    stop: () => bars.stop(),
  };
}
