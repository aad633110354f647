// Zip benchmark (not a test, no stores): the CPU the runner's zip (runner/archive/zip-stream.ts) spends on a
// Response-sized CSV stream, split into the main thread and the rest (libuv's threadpool, where node:zlib deflates,
// and V8's helper threads), the garbage collections during the zip (PerformanceObserver 'gc' entries), and the
// archive's size.
//   npm run bench:zip -- [--mb 200] [--protection none|zipcrypto|aes256] [--level 1-9] [--module <zip-stream.ts>]
// --module zips with another checkout's zipStream (same signature), for A/B runs in the same minutes. Heap flags go
// in NODE_OPTIONS (e.g. the runner tier's --max-semi-space-size=16).
// The CSV is the sunbird shape's Response rows (test/data/sunbird-shape.ts) as the runner writes them, rendered
// before the clock starts and fed in the runner's chunk sizes.
import { loadavg } from "node:os";
import { constants, PerformanceObserver } from "node:perf_hooks";
import type { NodeGCPerformanceDetail, PerformanceEntry } from "node:perf_hooks";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { zipStream as ZipStream, ZipProtection } from "../runner/archive/zip-stream.ts";
import { csvWriter } from "../runner/format/csv.ts";
import { parseHierarchy, titleOf } from "../runner/reports/hierarchy.ts";
import { responseRows } from "../runner/reports/response.ts";
import { newRowContext } from "../runner/reports/row-context.ts";
import { decodedAttempt, SUNBIRD_BATCH_ID, SUNBIRD_COURSE_ID, sunbirdAttempts, sunbirdHierarchy, sunbirdUserId } from "../test/data/sunbird-shape.ts";

const { values: args } = parseArgs({ options: { mb: { type: "string", default: "200" }, protection: { type: "string", default: "zipcrypto" }, level: { type: "string", default: "6" }, module: { type: "string" } } });
const zipModule = args.module === undefined ? "../runner/archive/zip-stream.ts" : pathToFileURL(resolve(args.module)).href;
const { zipStream } = (await import(zipModule)) as { zipStream: typeof ZipStream };
const targetBytes = Number(args.mb) * 1e6;
const protection: ZipProtection = args.protection === "none" ? { method: "none" } : { method: args.protection === "aes256" ? "aes256" : "zipcrypto", password: "bench-password" };

/** The shape's Response CSV, one chunk per 16 enrolments (about what the runner's CSV stream emits), up to targetBytes. */
function responseCsv(): Buffer[] {
  const collection = parseHierarchy(SUNBIRD_COURSE_ID, sunbirdHierarchy());
  const ctx = newRowContext(collection, { batchId: SUNBIRD_BATCH_ID, courseId: SUNBIRD_COURSE_ID, name: "Sunbird-shaped batch", status: 1 }, "Asia/Kolkata");
  const writer = csvWriter();
  const chunks: Buffer[] = [];
  let total = 0;
  for (let i = 0; total < targetBytes; i++) {
    for (const a of sunbirdAttempts(18, i)) {
      const enrolment = { userId: sunbirdUserId(i), courseId: SUNBIRD_COURSE_ID, batchId: SUNBIRD_BATCH_ID, active: true, enrolledDate: null, enrolledDateLegacy: null, completedOn: null, contentStatus: null, certificates: null, issuedCertificates: null };
      for (const row of responseRows(ctx, enrolment, decodedAttempt(a), (id) => titleOf(collection, id))) writer.record(row);
    }
    if (i % 16 === 15) {
      const chunk = writer.take();
      chunks.push(chunk);
      total += chunk.length;
    }
  }
  return chunks;
}

async function* fed(chunks: readonly Buffer[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

const chunks = responseCsv();
const inputBytes = chunks.reduce((n, c) => n + c.length, 0);
const gcs = { scavenges: 0, markCompacts: 0, other: 0, ms: 0 };
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const { kind } = (entry as PerformanceEntry & { detail: NodeGCPerformanceDetail }).detail;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gcs.scavenges++;
    else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gcs.markCompacts++;
    else gcs.other++;
    gcs.ms += entry.duration;
  }
});
gcObserver.observe({ entryTypes: ["gc"] });
const cpu0 = process.cpuUsage();
const main0 = process.threadCpuUsage();
const t0 = performance.now();
let outputBytes = 0;
for await (const part of zipStream("bench_response.csv", fed(chunks), protection, new Date(2024, 0, 31), Number(args.level))) outputBytes += part.length;
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const main = process.threadCpuUsage(main0);
await new Promise((done) => setImmediate(done)); // the observer is called asynchronously
gcObserver.disconnect();
const s = (u: { user: number; system: number }) => (u.user + u.system) / 1e6;
console.log(JSON.stringify({
  protection: protection.method, level: Number(args.level), inputMB: +(inputBytes / 1e6).toFixed(1), outputMB: +(outputBytes / 1e6).toFixed(1), ratio: +(outputBytes / inputBytes).toFixed(3),
  cpuS: +s(cpu).toFixed(2), mainThreadS: +s(main).toFixed(2), otherThreadsS: +(s(cpu) - s(main)).toFixed(2), wallS: +wall.toFixed(2),
  gc: { ...gcs, ms: Math.round(gcs.ms) }, module: args.module ?? "runner/archive/zip-stream.ts",
  cpuMsPerMB: +((s(cpu) * 1000) / (inputBytes / 1e6)).toFixed(1), load: loadavg()[0]?.toFixed(1),
}));
