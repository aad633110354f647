// Upload-path benchmark (not a test): a 1M-row Response-shaped CSV, generated on the fly, streamed through each
// provider's sink to its local server (moto, Azurite, fake-gcs-server); per provider the child's throughput and peak
// RSS. The sinks and upload shape are the runner's own; the rows are not read from Cassandra, so the figure is the
// upload path alone (docs/runner.md).
//   npm run bench:upload -- [--rows 1000000] [--providers s3,azure,gcs]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { STORAGE_PROVIDERS, type StorageProvider } from "../crds/exhaust-request.ts";
import { azureBlobSink } from "../runner/sinks/azure-block-upload.ts";
import { gcsSink } from "../runner/sinks/gcs-resumable-upload.ts";
import { s3Sink } from "../runner/sinks/s3-upload.ts";
import type { Sink } from "../runner/sinks/sink.ts";
import { uploadShapeFor } from "../runner/sinks/upload-shape.ts";
import type { Endpoints } from "../test/env/endpoints.ts";
import { azureService, gcsStorage, s3Client } from "../test/env/store-clients.ts";
import { startAzurite } from "../test/env/stores/azurite.ts";
import { startGcs } from "../test/env/stores/gcs.ts";
import { startS3 } from "../test/env/stores/s3.ts";

// The heap the Job gives the runner (docs/runner.md).
const nodeFlags = ["--max-old-space-size=160", "--max-semi-space-size=16"];
const BUCKET = "bench-upload";
type Targets = Pick<Endpoints, "s3" | "azure" | "gcs">;

const { values: args } = parseArgs({ options: { rows: { type: "string", default: "1000000" }, providers: { type: "string", default: STORAGE_PROVIDERS.join(",") }, child: { type: "string" } } });
const rows = Number(args.rows);

// Response columns (reports-spec §5.2) with typical widths: ids, a title, a timestamp, question text and JSON options.
function* responseCsv(count: number): Generator<Buffer> {
  const options = JSON.stringify([{ "1": '{"text":"4"}' }, { answer: '{"correct":["1"]}' }]).replace(/"/g, '""');
  for (let start = 0; start < count; start += 1000) {
    let text = "";
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      text += `do_2137,Course Two,BatchId_0131,Batch ${i % 7},user-${String(i).padStart(7, "0")},do_qs1,Quiz One,attempt-${i},2024-01-20 15:30:00,q${i % 20},mcq,What is 2 + 2?,,13,1.0,1.0,"${options}","[{""1"":""{\\""text\\"":\\""4\\""}""}]"\r\n`;
    }
    yield Buffer.from(text);
  }
}

function sinkFor(provider: StorageProvider, t: Targets): Sink {
  const shape = uploadShapeFor(1);
  if (provider === "azure") {
    return azureBlobSink(azureService(t.azure).getContainerClient(BUCKET), { provider: "azure", account: t.azure.accountName, container: BUCKET, scheme: "wasb" }, shape);
  }
  if (provider === "gcs") return gcsSink(gcsStorage(t.gcs).bucket(BUCKET), shape);
  return s3Sink(s3Client(t.s3), BUCKET, shape);
}

async function child(provider: StorageProvider): Promise<void> {
  const targets = JSON.parse(process.env.BENCH_TARGETS ?? "{}") as Targets;
  const started = performance.now();
  let bytes = 0;
  const body = Readable.from((function* () {
    for (const chunk of responseCsv(rows)) {
      bytes += chunk.length;
      yield chunk;
    }
  })());
  await sinkFor(provider, targets).put(`response-exhaust/BENCH/${provider}_response.csv`, body, "text/csv");
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ provider, bytes, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

async function parent(): Promise<void> {
  const providers = (args.providers ?? "").split(",").filter((p): p is StorageProvider => (STORAGE_PROVIDERS as readonly string[]).includes(p));
  const runDir = mkdtempSync(join(tmpdir(), "bench-upload-"));
  const [s3, azure, gcs] = await Promise.all([startS3(runDir), startAzurite(runDir), startGcs(runDir)]);
  try {
    const targets: Targets = { s3, azure: { endpoint: azure.endpoint, accountName: azure.accountName, accountKey: azure.accountKey }, gcs: { endpoint: gcs.endpoint } };
    await s3Client(s3).send(new CreateBucketCommand({ Bucket: BUCKET }));
    await azureService(targets.azure).getContainerClient(BUCKET).create();
    await gcsStorage(targets.gcs).createBucket(BUCKET);
    console.log(`| Provider (server) | Rows | MB | Seconds | MB/s | Peak RSS (MB) |\n|---|---|---|---|---|---|`);
    const servers: Record<StorageProvider, string> = { s3: "moto", azure: "Azurite", gcs: "fake-gcs-server" };
    for (const provider of providers) {
      const out = await new Promise<string>((done, fail) => {
        const p = spawn(process.execPath, [...nodeFlags, import.meta.filename, "--child", provider, "--rows", String(rows)], { env: { ...process.env, BENCH_TARGETS: JSON.stringify(targets) }, stdio: ["ignore", "pipe", "inherit"] });
        let text = "";
        p.stdout.on("data", (d: Buffer) => (text += d.toString()));
        p.on("close", (code) => (code === 0 ? done(text) : fail(new Error(`${provider} upload child exited ${code}`))));
      });
      const r = JSON.parse(out.trim().split("\n").pop() ?? "{}") as { bytes: number; seconds: number; maxRssMb: number };
      const mb = r.bytes / 1e6;
      console.log(`| ${provider} (${servers[provider]}) | ${rows.toLocaleString("en")} | ${mb.toFixed(0)} | ${r.seconds.toFixed(1)} | ${(mb / r.seconds).toFixed(1)} | ${r.maxRssMb.toFixed(0)} |`);
    }
  } finally {
    for (const p of [s3.proc, azure.proc, gcs.proc]) await p.stop(10_000);
    rmSync(runDir, { recursive: true, force: true });
  }
}

await (args.child === undefined ? parent() : child(args.child as StorageProvider));
