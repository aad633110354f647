// Test image "exhaust-test/progress-lines": a stand-in runner that holds its batches Running for <seconds> and logs
// the runner's progress line (crds/runner-progress.ts) for each of them every EXHAUST_PROGRESS_SECONDS, then exits
// 0. bench:operator uses it to measure what reading progress costs the operator and the API server.
// Usage: progress-lines.ts <seconds>
import { PROGRESS_MESSAGE, progressFields } from "../../../crds/runner-progress.ts";

const holdMs = Number(process.argv[2] ?? "30") * 1000;
const everyMs = Number(process.env.EXHAUST_PROGRESS_SECONDS ?? "10") * 1000;
const batchIds = (process.env.EXHAUST_BATCH_IDS ?? "").split(",").filter((id) => id !== "");
const started = Date.now();
let rows = 0;
const ticker = setInterval(() => {
  rows += 1000;
  for (const batchId of batchIds) {
    const line = { level: 30, time: Date.now(), component: "exhaust-runner", msg: PROGRESS_MESSAGE, ...progressFields({ batchId, rows, bytes: rows * 40, elapsedMs: Date.now() - started }) };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  }
}, everyMs);
setTimeout(() => clearInterval(ticker), holdMs);
