/** How the watch view prints counts, sizes and durations: short, fixed-format, the same on every machine. */

const BYTE_UNITS = ["KiB", "MiB", "GiB", "TiB"] as const;

/** 1536 -> "1.5 KiB"; below 1 KiB the exact bytes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** 1234567 -> "1,234,567" (en-US grouping, whatever the machine's locale). */
export const formatCount = (n: number): string => n.toLocaleString("en-US");

/** Milliseconds as "45s", "3m05s" or "2h07m"; negative spans (clock skew) count as 0. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}
