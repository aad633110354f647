import { RequestConditionType } from "../../../crds/conditions.ts";
import { retrySchema } from "../../../crds/exhaust-request.ts";
import type { BatchStatus, ExhaustRequest } from "../../../crds/exhaust-request.ts";
import { progressBar } from "./progress-bar.ts";
import { formatBytes, formatCount, formatDuration } from "./quantities.ts";

const DEFAULT_MAX_ATTEMPTS = retrySchema.parse({}).maxAttempts;
const COLUMNS = ["BATCH", "PHASE", "ATTEMPTS", "ROWS", "BYTES", "ELAPSED", ""] as const;

const msBetween = (from: string | undefined, to: string | undefined, now: Date): number | undefined =>
  from === undefined ? undefined : (to === undefined ? now.getTime() : Date.parse(to)) - Date.parse(from);

const elapsedText = (from: string | undefined, to: string | undefined, now: Date): string => {
  const ms = msBetween(from, to, now);
  return ms === undefined ? "-" : formatDuration(ms);
};

/** What a batch line says after its numbers: why it is retrying or failed, and when it retries. */
function noteOf(batch: BatchStatus, now: Date): string {
  const retry = batch.phase === "Retrying" && batch.nextRetryTime !== undefined ? `retry in ${formatDuration(Date.parse(batch.nextRetryTime) - now.getTime())}` : "";
  const error = (batch.phase === "Retrying" || batch.phase === "Failed") && batch.lastError !== undefined ? batch.lastError.message.replace(/\s+/g, " ") : "";
  return [retry, error].filter((s) => s !== "").join(": ");
}

/** One batch's cells, in COLUMNS order. */
function batchCells(batch: BatchStatus, maxAttempts: number, now: Date): string[] {
  return [
    batch.batchId,
    batch.phase,
    `${batch.attempts}/${maxAttempts}`,
    batch.rows === undefined ? "-" : formatCount(batch.rows),
    batch.bytes === undefined ? "-" : formatBytes(batch.bytes),
    elapsedText(batch.startTime, batch.completionTime, now),
    noteOf(batch, now),
  ];
}

interface BatchCounts {
  finished: number;
  total: number;
  rows: number;
  bytes: number;
}

function countsOf(request: ExhaustRequest): BatchCounts {
  const batches = request.status?.batches ?? [];
  const totals = request.status?.totals;
  const finished = batches.filter((b) => b.phase === "Succeeded" || b.phase === "Failed").length;
  // While Running, totals.rows counts finished batches only; the batches' rows include the rows so far.
  const rows = batches.reduce((sum, b) => sum + (b.rows ?? 0), 0);
  const bytes = batches.reduce((sum, b) => sum + (b.bytes ?? 0), 0);
  return { finished, total: totals?.batches ?? batches.length, rows, bytes };
}

/** The request's own line: name, report, phase, a bar of finished batches out of the total, rows and elapsed. */
export function requestLine(request: ExhaustRequest, now: Date): string {
  const counts = countsOf(request);
  const phase = request.status?.phase ?? "Pending";
  const bar = counts.total > 0 ? `  ${progressBar(counts.finished, counts.total)}` : "";
  return (
    `${request.metadata.name ?? ""}  ${request.spec.report} ${request.spec.collectionId}  ${phase}  ` +
    `batches ${counts.finished}/${counts.total}${bar}  rows ${formatCount(counts.rows)}  ${formatBytes(counts.bytes)}  ` +
    `elapsed ${elapsedText(request.status?.startTime, request.status?.completionTime, now)}`
  );
}

/** Cells padded into aligned columns; the last column is free text and is not padded. */
function alignedRows(rows: readonly (readonly string[])[]): string[] {
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ").trimEnd());
}

/** The message of a condition that is True, as "Reason: message"; undefined when it is not set or not True. */
function trueCondition(request: ExhaustRequest, type: RequestConditionType): string | undefined {
  const condition = request.status?.conditions?.find((c) => c.type === type && c.status === "True");
  return condition === undefined ? undefined : `${condition.reason}: ${condition.message.replace(/\s+/g, " ")}`;
}

/** The terminal view: the request line, a stall if there is one (it waits for someone), one line per batch. */
export function requestView(request: ExhaustRequest, now: Date): string[] {
  const maxAttempts = request.spec.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const batches = request.status?.batches ?? [];
  const stalled = trueCondition(request, RequestConditionType.Stalled);
  const head = [requestLine(request, now), ...(stalled === undefined ? [] : [`  stalled: ${stalled}`])];
  if (batches.length === 0) return [...head, "  (no batches yet: the operator has not planned the request)"];
  return [...head, ...alignedRows([COLUMNS, ...batches.map((b) => batchCells(b, maxAttempts, now))]).map((l) => `  ${l}`)];
}

/** A batch as one self-describing line, for logs and pipes. */
function batchPlainLine(cells: readonly string[]): string {
  const [batch, phase, attempts, rows, bytes, elapsed, note] = cells;
  return `batch ${batch} ${phase} attempts=${attempts} rows=${rows} bytes=${bytes} elapsed=${elapsed}${note ? ` ${note}` : ""}`;
}

export interface PlainUpdate {
  lines: string[];
  /** What was last printed per batch (and for the request), without the elapsed time: the next call's `printed`. */
  printed: ReadonlyMap<string, string>;
}

/**
 * For output that is not a terminal: a line for the request and for each batch whose state changed since the last
 * call (phase, attempts, rows, bytes, note); the passing of time alone prints nothing.
 */
export function plainUpdate(printed: ReadonlyMap<string, string>, request: ExhaustRequest, now: Date): PlainUpdate {
  const maxAttempts = request.spec.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const next = new Map(printed);
  const lines: string[] = [];
  const counts = countsOf(request);
  const stalled = trueCondition(request, RequestConditionType.Stalled);
  const requestKey = `${request.status?.phase ?? "Pending"} ${counts.finished}/${counts.total} ${stalled ?? ""}`;
  if (printed.get("") !== requestKey) {
    const stall = stalled === undefined ? "" : ` stalled: ${stalled}`;
    lines.push(`request ${request.metadata.name ?? ""} ${request.status?.phase ?? "Pending"} batches=${counts.finished}/${counts.total}${stall}`);
  }
  next.set("", requestKey);
  for (const batch of request.status?.batches ?? []) {
    const cells = batchCells(batch, maxAttempts, now);
    const key = cells.filter((_, i) => COLUMNS[i] !== "ELAPSED").join("|");
    if (printed.get(batch.batchId) !== key) lines.push(batchPlainLine(cells));
    next.set(batch.batchId, key);
  }
  return { lines, printed: next };
}

/** The last line of a watch: how the request ended, and for a failure where to look next. */
export function finishedLine(request: ExhaustRequest, now: Date): string {
  const counts = countsOf(request);
  const name = request.metadata.name ?? "";
  const took = elapsedText(request.status?.startTime, request.status?.completionTime, now);
  const phase = request.status?.phase ?? "Pending";
  const summary = `${name} ${phase} in ${took}: ${counts.finished}/${counts.total} batches, ${formatCount(counts.rows)} rows, ${formatBytes(counts.bytes)}`;
  const failed = (request.status?.batches ?? []).find((b) => b.phase === "Failed");
  if (failed === undefined) {
    const why = phase === "Succeeded" ? undefined : trueCondition(request, RequestConditionType.Failed);
    return why === undefined ? summary : `${summary}\n  ${why}`;
  }
  return `${summary}\n  batch ${failed.batchId} failed; its runner's log: kubectl exhaust logs ${name} --batch ${failed.batchId}`;
}
