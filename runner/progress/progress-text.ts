import { rowsPerSecond, type LiveBatch } from "./progress-throttle.ts";

const units = ["B", "KiB", "MiB", "GiB", "TiB"];

/** Bytes as a person reads them: 512 B, 1.5 KiB, 12.3 MiB (one decimal from KiB up). */
export function humanBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** The fields of a terminal progress line (cli-progress's format payload) for one batch at `nowMs`. */
export const terminalFields = (b: LiveBatch, nowMs: number): { batchId: string; rows: number; rate: number; size: string } => ({
  batchId: b.batchId,
  rows: b.rows,
  rate: rowsPerSecond(b.rows, nowMs - b.startedMs),
  size: humanBytes(b.bytes),
});
