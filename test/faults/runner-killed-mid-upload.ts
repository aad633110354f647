import type { ChildProcess } from "node:child_process";
import { ListMultipartUploadsCommand, ListPartsCommand } from "@aws-sdk/client-s3";
import { runnerSettings } from "../../crds/runner-contract.ts";
import type { ProviderStore } from "../integration/runner/provider-stores.ts";
import { runRunner, runnerEnv, type RunnerRun, type Stores } from "../integration/runner/harness.ts";
import { countLeaks, type ScannedText, type SecretValue } from "./count-leaks.ts";
import type { FaultRow } from "./fault-row.ts";

// Scenario 2: a runner SIGKILLed (a real signal) once the first part of its upload is stored, `kills` times in a
// row, then the batch runs again. Invariants: no visible object from a killed attempt, the last attempt writes
// exactly one object, and no unfinished upload remains (S3: the runner aborts them; Azure: the commit drops them).
// The runners' output is scanned for the secrets they were given (scenario 6).

export interface KilledUploadScenario {
  stores: Stores;
  store: ProviderStore & { provider: "s3" | "azure" };
  requestId: string;
  /** How many attempts are killed before the one that must succeed; Azure: 1 (its blob name shows no attempt). */
  kills: number;
  /** The CSV batch `BIG` of collection `do_big` must be loaded (loadLargeBatch): large enough for several parts. */
  rows: number;
}

export interface KilledUploadOutcome {
  row: FaultRow;
  killed: RunnerRun[];
  final: RunnerRun;
  /** Unfinished uploads of the request after each kill, and at the end. */
  unfinishedAfterKills: number[];
  unfinishedAtEnd: number;
  objectsAfterKills: number[];
  objectsAtEnd: number;
  leaks: ReturnType<typeof countLeaks>;
}

/** The secret values a runner env carries: every secret runner setting, and the SDKs' own credential variables. */
export function secretsOf(env: Record<string, string>): SecretValue[] {
  const settings = Object.entries(runnerSettings).filter(([, s]) => s.secret).map(([name, s]) => ({ name, value: env[s.env] ?? "" }));
  return [...settings, { name: "AWS_SECRET_ACCESS_KEY", value: env.AWS_SECRET_ACCESS_KEY ?? "" }, { name: "AZURE_STORAGE_KEY", value: env.AZURE_STORAGE_KEY ?? "" }];
}

export async function runnerKilledMidUpload(s: KilledUploadScenario): Promise<KilledUploadOutcome> {
  const env = runnerEnv(s.stores, { EXHAUST_REPORT: "progress", EXHAUST_REQUEST_ID: s.requestId, EXHAUST_COLLECTION_ID: "do_big", EXHAUST_BATCH_IDS: "BIG", EXHAUST_REQUESTED_CHANNEL: "org_a", EXHAUST_OUTPUT_FORMAT: "csv", ...s.store.env() });
  const mine = async (list: Promise<string[]>) => (await list).filter((k) => k.includes(`/${s.requestId}/`)).length;
  const killed: RunnerRun[] = [];
  const unfinishedAfterKills: number[] = [];
  const objectsAfterKills: number[] = [];
  if (s.store.provider === "azure" && s.kills !== 1) throw new Error("on Azure one kill: a second attempt's blocks go to the same blob");
  for (let k = 0; k < s.kills; k++) {
    const earlier = await uploadIds(s);
    killed.push(await runRunner(env, (child) => killOnceAPartIsUp(child, () => partsUp(s, earlier))));
    unfinishedAfterKills.push(await mine(s.store.unfinished()));
    objectsAfterKills.push(await mine(s.store.objects()));
  }
  const recoverFrom = performance.now();
  const final = await runRunner(env);
  const recoverMs = performance.now() - recoverFrom;
  const unfinishedAtEnd = await mine(s.store.unfinished());
  const objectsAtEnd = await mine(s.store.objects());
  const texts: ScannedText[] = [...killed, final].flatMap((r, i) => [
    { where: `runner ${i + 1} stderr`, text: r.stderr },
    { where: `runner ${i + 1} manifest`, text: r.stdout + r.terminationMessage },
  ]);
  const leaks = countLeaks(texts, secretsOf(env));
  const ok = final.code === 0 && final.manifest?.batches[0]?.ok === true && final.manifest.batches[0].rows === s.rows;
  const completed = ok && objectsAtEnd === 1 ? 1 : 0;
  const row: FaultRow = {
    scenario: `2 runner SIGKILL mid-upload (${s.store.provider}, ${s.kills}x)`,
    requests: 1,
    batches: 1,
    faults: killed.filter((r) => r.signal === "SIGKILL").length,
    completed,
    duplicates: Math.max(0, objectsAtEnd - 1),
    lost: 1 - completed,
    leaked: leaks.count + unfinishedAtEnd,
    recoverMs,
  };
  return { row, killed, final, unfinishedAfterKills, unfinishedAtEnd, objectsAfterKills, objectsAtEnd, leaks };
}

/**
 * Polls every 500 ms (one poll at a time) and sends SIGKILL once `up` says a part is stored. Each poll is two
 * listings on the S3 server the runner is uploading to, so it is kept rare: after the first 8 MiB part about 5 MB
 * of the 14 MB batch remain, seconds of work, and the kill still lands mid-upload.
 */
function killOnceAPartIsUp(child: ChildProcess, up: () => Promise<boolean>): void {
  let busy = false;
  const poll = setInterval(() => {
    if (busy) return;
    busy = true;
    void up()
      .then((yes) => {
        if (!yes) return;
        clearInterval(poll);
        child.kill("SIGKILL");
      })
      .finally(() => (busy = false));
  }, 500);
  child.on("exit", () => clearInterval(poll));
}

/** The request's multipart uploads on S3 (none on Azure). */
async function s3Uploads(s: KilledUploadScenario) {
  if (s.store.provider !== "s3") return [];
  const uploads = (await s.stores.s3.send(new ListMultipartUploadsCommand({ Bucket: s.stores.bucket }))).Uploads ?? [];
  return uploads.filter((u) => u.Key?.includes(`/${s.requestId}/`));
}

const uploadIds = async (s: KilledUploadScenario) => new Set((await s3Uploads(s)).map((u) => u.UploadId ?? ""));

/** S3: an upload this attempt started (not in `earlier`) has a stored part. Azure: the blob has uncommitted blocks. */
async function partsUp(s: KilledUploadScenario, earlier: ReadonlySet<string>): Promise<boolean> {
  if (s.store.provider === "azure") return (await s.store.unfinished()).some((k) => k.includes(`/${s.requestId}/`));
  for (const u of await s3Uploads(s)) {
    if (u.Key === undefined || earlier.has(u.UploadId ?? "")) continue;
    const parts = await s.stores.s3.send(new ListPartsCommand({ Bucket: s.stores.bucket, Key: u.Key, UploadId: u.UploadId }));
    if ((parts.Parts ?? []).length > 0) return true;
  }
  return false;
}
