import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import type { V1EnvVar, V1Job } from "@kubernetes/client-node";
import type { KubeApi } from "../../../operator/kube/client/api-client.ts";
import { repoRoot } from "../../env/stack.ts";

const run = promisify(execFile);

export const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

/** The CSV inside a (password-protected) zip, as a header and the multiset of its records (D3: order undefined). */
export async function csvOf(zip: Buffer, password: string | undefined): Promise<{ header: string; records: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), "e2e-zip-"));
  try {
    const file = join(dir, "out.zip");
    await writeFile(file, zip);
    const { stdout } = await run("unzip", [...(password === undefined ? [] : ["-P", password]), "-p", file], { encoding: "buffer", maxBuffer: 256 * 1024 * 1024 });
    const [header = "", ...records] = stdout.toString("utf8").split("\r\n").filter((line) => line !== "");
    return { header, records: records.sort() };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the runner alone, as the operator's Job would, with the Job's own env (Secrets resolved the way the kubelet
 * does), except that it writes to a local directory instead of S3. Returns the files it wrote, by relative path.
 */
export async function runnerAlone(api: KubeApi, job: V1Job): Promise<{ exitCode: number; stderr: string; files: Map<string, Buffer> }> {
  const container = job.spec?.template.spec?.containers[0];
  const namespace = job.metadata?.namespace ?? "";
  const env: Record<string, string> = {};
  for (const v of container?.env ?? []) env[v.name] = await envValue(api, namespace, v);
  const dir = await mkdtemp(join(tmpdir(), "e2e-runner-"));
  try {
    delete env.EXHAUST_S3_BUCKET;
    env.EXHAUST_OUTPUT_DIR = join(dir, "out");
    env.TERMINATION_MESSAGE_PATH = join(dir, "termination-log");
    const child = spawn(process.execPath, [join(repoRoot, "runner/main.ts")], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "", NODE_OPTIONS: process.env.NODE_OPTIONS ?? "", AWS_EC2_METADATA_DISABLED: "true", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exitCode = await new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
    const files = new Map<string, Buffer>();
    for (const entry of await readdir(env.EXHAUST_OUTPUT_DIR, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      files.set(relative(env.EXHAUST_OUTPUT_DIR, path), await readFile(path));
    }
    return { exitCode, stderr, files };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function envValue(api: KubeApi, namespace: string, v: V1EnvVar): Promise<string> {
  const ref = v.valueFrom?.secretKeyRef;
  if (ref === undefined) return v.value ?? "";
  const secret = await api.request<{ data?: Record<string, string> }>("GET", `/api/v1/namespaces/${namespace}/secrets/${ref.name}`);
  return Buffer.from(secret.data?.[ref.key] ?? "", "base64").toString("utf8");
}
