import { execFile, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../env/cache-paths.ts";
import { endpoints } from "../env/endpoints.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import { REQUESTS_PATH, type TestCluster } from "./support/cluster.ts";
import { operatorConfigFor, testStores, type TestStores } from "./support/stores.ts";
import { runnerNamespace, tearDownSuite } from "./support/suite.ts";

// `kubectl exhaust` as a user runs it: the project's kubectl finds the plugin's executable on PATH (krew-style
// naming), the plugin reads the kubeconfig and namespace from its flags, and the operator does the work.

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe("kubectl exhaust against the real stack", () => {
  const e = endpoints();
  let cluster: TestCluster;
  let stores: TestStores;
  let operator: OperatorProcess;
  let binDir: string;
  let collection: { id: string; batchIds: string[]; channel: string };

  /** Runs `file args` with the plugin and Node 24 first on PATH and KUBECONFIG set to the admin's. */
  const spawn = (file: string, args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      const env = { ...process.env, KUBECONFIG: e.k8s.adminKubeconfig, PATH: [binDir, dirname(process.execPath), process.env.PATH ?? ""].join(delimiter) };
      execFile(file, args, { env, timeout: 240_000 }, (err, stdout, stderr) => resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : -1, stdout, stderr }));
    });

  /** `kubectl exhaust <args> --kubeconfig <admin> -n <namespace>`. */
  const exhaust = (args: string[]): Promise<Run> => spawn(e.k8s.kubectl, ["exhaust", ...args, "--kubeconfig", e.k8s.adminKubeconfig, "-n", cluster.namespace]);

  /** `kubectl exhaust watch <name>` started in the background: the process, its end, and its first output. */
  const startWatch = (name: string): { child: ChildProcess; ended: Promise<Run>; firstOutput: Promise<void> } => {
    let child!: ChildProcess;
    const ended = new Promise<Run>((resolve) => {
      const env = { ...process.env, PATH: [binDir, dirname(process.execPath), process.env.PATH ?? ""].join(delimiter) };
      child = execFile(e.k8s.kubectl, ["exhaust", "watch", name, "--kubeconfig", e.k8s.adminKubeconfig, "-n", cluster.namespace], { env, timeout: 240_000 }, (err, stdout, stderr) =>
        resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : -1, stdout, stderr }),
      );
    });
    const firstOutput = new Promise<void>((resolve) => child.stdout?.once("data", () => resolve()));
    return { child, ended, firstOutput };
  };

  const specOf = () => ({
    report: "progress" as const,
    collectionId: collection.id,
    batches: { ids: collection.batchIds },
    requestedBy: "e2e",
    requestedChannel: collection.channel,
    password: { secretKeyRef: { name: "zip-password", key: "password" } },
  });

  const createFlags = (name: string) => [
    "create", "progress", "--collection", collection.id, "--batches", collection.batchIds.join(","), "--channel", collection.channel,
    "--password-secret", "zip-password/password", "--name", name,
  ];

  beforeAll(async () => {
    binDir = mkdtempSync(join(tmpdir(), "kubectl-exhaust-bin-"));
    // What `npm ci` links into node_modules/.bin (package.json bin and prepare), in a directory of its own.
    for (const bin of ["kubectl-exhaust", "kubectl_complete-exhaust"]) symlinkSync(join(repoRoot, "operator/kubectl-plugin/main.ts"), join(binDir, bin));
    stores = await testStores(e, { seed: 17, collections: 1, batchesPerCollection: 2, enrolments: 30 });
    const first = stores.data.collections[0];
    if (first === undefined) throw new Error("no collection in the sample data");
    collection = first;
    cluster = await runnerNamespace(e, "plugin", stores);
    operator = await startOperator({ endpoints: e, config: operatorConfigFor(e, stores, cluster.namespace), leaseName: `lease-${cluster.namespace}` });
  });

  afterAll(async () => {
    await tearDownSuite({ operator, cluster, stores });
    rmSync(binDir, { recursive: true, force: true });
  });

  it("create --wait on a small progress request: plain lines per batch, Succeeded, exit 0", async () => {
    const run = await exhaust([...createFlags("plugin-progress"), "--wait"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("exhaustrequest.exhaust.sunbird.org/plugin-progress created");
    for (const batch of collection.batchIds) expect(run.stdout).toMatch(new RegExp(`^batch ${batch} Succeeded attempts=1/3 rows=[1-9]`, "m"));
    expect(run.stdout).toMatch(/^plugin-progress Succeeded in \d+(m\d\d)?s: 2\/2 batches/m);
    // stdout is a pipe here: no terminal redraws.
    expect(run.stdout).not.toContain("\u001b");
    const request = await cluster.getRequest("plugin-progress");
    expect(request?.spec).toMatchObject({ report: "progress", collectionId: collection.id, batches: { ids: collection.batchIds }, requestedBy: "admin" });
  });

  it("watch on the finished request prints its end and exits 0", async () => {
    const run = await exhaust(["watch", "plugin-progress"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^plugin-progress Succeeded in/m);
  });

  it("on a terminal, watch draws the table in place with escape codes instead of plain lines, exit 0", async () => {
    const line = [e.k8s.kubectl, "exhaust", "watch", "plugin-progress", "--kubeconfig", e.k8s.adminKubeconfig, "-n", cluster.namespace].join(" ");
    // util-linux `script` runs the command on a pseudo-terminal (-e: with the command's exit code).
    const run = await spawn("script", ["-qec", line, "/dev/null"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("\u001b[0J");
    expect(run.stdout).toMatch(/BATCH +PHASE +ATTEMPTS +ROWS +BYTES +ELAPSED/);
    expect(run.stdout).not.toMatch(/^batch /m);
  });

  it("watch follows a request it found suspended until it ends: unsuspended, it runs, and watch exits 0", async () => {
    await cluster.createRequest("plugin-suspended", { ...specOf(), suspend: true });
    const watch = startWatch("plugin-suspended");
    await watch.firstOutput;
    await cluster.api.request("PATCH", `${REQUESTS_PATH(cluster.namespace)}/plugin-suspended`, { body: { spec: { suspend: false } }, contentType: "application/merge-patch+json" });
    const run = await watch.ended;
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^request plugin-suspended (Pending|Running) batches=0\/2/m);
    expect(run.stdout).toMatch(/^plugin-suspended Succeeded in/m);
  });

  it("Ctrl-C stops watching with exit 130 and says the request keeps running", async () => {
    await cluster.createRequest("plugin-interrupted", { ...specOf(), suspend: true });
    const watch = startWatch("plugin-interrupted");
    await watch.firstOutput;
    // kubectl execs the plugin in its own place, so the signal reaches the plugin itself.
    watch.child.kill("SIGINT");
    const run = await watch.ended;
    expect(run.code).toBe(130);
    expect(run.stderr).toContain("stopped watching; the request keeps running");
    expect((await cluster.getRequest("plugin-interrupted"))?.spec.suspend).toBe(true);
  });

  it("logs prints the runner's JSON lines of the batch's latest attempt", async () => {
    const batch = collection.batchIds[0] ?? "";
    const run = await exhaust(["logs", "plugin-progress", "--batch", batch]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines.length).toBeGreaterThan(1);
    // Every line is JSON: pino's log lines, then the result manifest the runner prints last.
    const parsed = lines.map((line) => JSON.parse(line) as { msg?: unknown; batchId?: unknown; batches?: { batchId?: unknown }[] });
    expect(parsed.some((l) => l.msg === "runner starting")).toBe(true);
    expect(parsed.some((l) => l.msg === "batch uploaded" && l.batchId === batch)).toBe(true);
    expect(parsed.at(-1)?.batches?.map((b) => b.batchId)).toContain(batch);
  });

  it("logs on a request of several batches without --batch names the flag and the batches, exit 2", async () => {
    const run = await exhaust(["logs", "plugin-progress"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--batch");
    for (const batch of collection.batchIds) expect(run.stderr).toContain(batch);
  });

  it("create --dry-run -o yaml prints a manifest the API server's own dry run accepts", async () => {
    const run = await exhaust([...createFlags("plugin-gitops"), "--dry-run", "-o", "yaml"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("kind: ExhaustRequest");
    const file = join(binDir, "plugin-gitops.yaml");
    writeFileSync(file, run.stdout);
    const out = await cluster.kubectl(["create", "--dry-run=server", "-f", file, "-o", "name"]);
    expect(out.trim()).toBe("exhaustrequest.exhaust.sunbird.org/plugin-gitops");
    expect(await cluster.getRequest("plugin-gitops")).toBeUndefined();
  });

  it("watch on a request that Failed exits 3 and says why", async () => {
    await cluster.createRequest("plugin-no-batches", { report: "progress", collectionId: collection.id, batches: { ids: ["no-such-batch"] }, requestedBy: "e2e", requestedChannel: collection.channel });
    await cluster.waitForCondition("plugin-no-batches", "Failed", 60);
    const run = await exhaust(["watch", "plugin-no-batches"]);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^plugin-no-batches Failed in/m);
    expect(run.stdout).toContain("NoDataFound");
  });

  it("a mistyped flag is named, with the likely one, exit 2 and nothing created", async () => {
    const run = await exhaust(["create", "progress", "--colection", collection.id, "--all-batches", "--channel", collection.channel]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--colection'");
    expect(run.stderr).toContain("--collection");
  });

  it("a flag value the schema rejects is named before anything is sent, exit 2", async () => {
    const run = await exhaust([...createFlags("Not_A_Name"), "--wait"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--name:");
    expect(run.stderr).toContain("nothing was sent");
  });

  it("an unknown request is reported with the command that lists them, exit 1", async () => {
    const run = await exhaust(["watch", "no-such-request"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`exhaustrequest "no-such-request" not found in namespace "${cluster.namespace}"`);
    expect(run.stderr).toContain("kubectl get exhaustrequests");
  });

  it("kubectl completes `kubectl exhaust watch plugin-` with the namespace's requests, through kubectl_complete-exhaust", async () => {
    const run = await spawn(e.k8s.kubectl, ["__complete", "exhaust", "watch", "-n", cluster.namespace, "plugin-"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^plugin-progress\tprogress Succeeded$/m);
    expect(run.stdout).toMatch(/^plugin-no-batches\tprogress Failed$/m);
    expect(run.stdout).toMatch(/^:4$/m);
  });

  it("the bash script completes --batch with the request's batch ids", async () => {
    const script = (await spawn(join(binDir, "kubectl-exhaust"), ["completion", "bash"])).stdout;
    const file = join(binDir, "completion.bash");
    writeFileSync(file, script);
    const words = ["kubectl-exhaust", "-n", cluster.namespace, "logs", "plugin-progress", "--batch", ""];
    const run = await spawn("bash", ["-c", `source ${file}; COMP_WORDS=(${words.map((w) => `"${w}"`).join(" ")}); COMP_CWORD=${words.length - 1}; _kubectl_exhaust; printf '%s\\n' "\${COMPREPLY[@]}"`]);
    expect(run.stdout.trim().split("\n").sort()).toEqual([...collection.batchIds].sort());
  });
});
