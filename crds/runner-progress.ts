// The runner's progress line: how a batch's rows and bytes so far travel from a runner pod to the operator without
// giving the pod any API access. The runner logs it (pino, stderr, one JSON object a line) while a batch streams; the
// operator reads the pod's last log lines (pods/log, tailLines) and parses them with parseProgressLines. Both sides
// import this file, so the shape is defined once.
import { z } from "zod";

/** The `msg` of every progress line; nothing else the runner logs uses it. */
export const PROGRESS_MESSAGE = "batch progress";

/** The seconds between two progress lines of one batch; a batch that ends sooner logs none. */
export const PROGRESS_INTERVAL_SECONDS = 10;

const count = z.int().min(0);

/** The `progress` field of a progress line: one batch's counts so far. */
export const batchProgressSchema = z.object({
  batchId: z.string().min(1),
  /** CSV rows written so far (the header excluded), as the result's `rows` counts them. */
  rows: count,
  /** Bytes handed to the sink so far (zip or CSV), as the result's `bytes` counts them. */
  bytes: count,
  /** Milliseconds since the batch started streaming. */
  elapsedMs: count,
});
export type BatchProgress = z.infer<typeof batchProgressSchema>;

/** A whole progress line as pino writes it; other pino fields (level, pid, hostname, component) may appear too. */
const progressLineSchema = z.object({
  time: z.number().int().min(0),
  msg: z.literal(PROGRESS_MESSAGE),
  progress: batchProgressSchema,
});

/** A progress line read back: the batch's counts and the instant (epoch ms, the runner's clock) they were taken. */
export interface ProgressReading extends BatchProgress {
  timeMs: number;
}

/** The fields the runner passes to its logger (`log.info(progressFields(p), PROGRESS_MESSAGE)`). */
export const progressFields = (progress: BatchProgress): { progress: BatchProgress } => ({ progress });

/** One log line -> a reading, or undefined for any other line (another message, not JSON, a field out of shape). */
export function parseProgressLine(line: string): ProgressReading | undefined {
  const text = line.trim();
  if (!text.startsWith("{") || !text.includes(PROGRESS_MESSAGE)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = progressLineSchema.safeParse(json);
  return parsed.success ? { ...parsed.data.progress, timeMs: parsed.data.time } : undefined;
}

/** The last reading of each batch in a stretch of log (a pod's tail), in log order: a later line wins. */
export function parseProgressLines(log: string): Map<string, ProgressReading> {
  const latest = new Map<string, ProgressReading>();
  for (const line of log.split("\n")) {
    const reading = parseProgressLine(line);
    if (reading !== undefined) latest.set(reading.batchId, reading);
  }
  return latest;
}
