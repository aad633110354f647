import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STORAGE_PROVIDERS, type StorageProvider } from "../../crds/exhaust-request.ts";
import { newKubeApi, type KubeApi } from "../../operator/kube/client/api-client.ts";
import { fetchBatches } from "../../operator/kubectl-plugin/download/fetch-batches.ts";
import { requestDownloadUrls } from "../../operator/kubectl-plugin/url/download-urls.ts";
import { repoRoot } from "../env/cache-paths.ts";
import { endpoints } from "../env/endpoints.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import type { TestCluster } from "./support/cluster.ts";
import { csvOf, sha256 } from "./support/outputs.ts";
import { everyProviderTarget, operatorStorageEnv, type ProviderTarget } from "./support/providers.ts";
import { operatorConfigFor, testStores, type TestStores } from "./support/stores.ts";
import { progressSpec, runnerNamespace, tearDownSuite } from "./support/suite.ts";

// issue 17, `kubectl exhaust url/download`: a user who may only create/get/list/watch ExhaustDownloads and get/list
// ExhaustRequests, and read no Secret, gets working signed URLs for a report on each provider (moto, Azurite,
// fake-gcs-server) from the operator, which signs with the storage Secret in its own env. The download is checked
// against the request's sha256; --extract needs the zip password Secret, so it works only for a user who may read it.

const PASSWORD = "e2e-Zip-Passw0rd";
const GROUP = "exhaust.sunbird.org";

describe("ExhaustDownload: signed URLs for a user without Secrets or storage credentials", () => {
  const e = endpoints();
  let cluster: TestCluster;
  let stores: TestStores;
  let operator: OperatorProcess;
  let work: string;
  let targets = new Map<StorageProvider, ProviderTarget>();

  /** `kubectl exhaust <args>` as `user` (its kubeconfig file), through the project's kubectl with the plugin on PATH. */
  const exhaust = (user: { kubeconfig: string }, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const env = { ...process.env, PATH: [work, dirname(process.execPath), process.env.PATH ?? ""].join(delimiter) };
      execFile(e.k8s.kubectl, ["exhaust", ...args, "--kubeconfig", user.kubeconfig, "-n", cluster.namespace], { env, timeout: 120_000 }, (err, stdout, stderr) =>
        resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : -1, stdout, stderr }),
      );
    });

  /** A ServiceAccount of the test namespace with only `rules`, and a kubeconfig (object and file) holding its bound token. */
  async function userWith(name: string, rules: object[]): Promise<{ kc: KubeConfig; api: KubeApi; kubeconfig: string }> {
    const ns = cluster.namespace;
    await cluster.api.request("POST", `/api/v1/namespaces/${ns}/serviceaccounts`, { body: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name } } });
    await cluster.api.request("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, { body: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name }, rules } });
    await cluster.api.request("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
      body: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name }, subjects: [{ kind: "ServiceAccount", name, namespace: ns }] },
    });
    const token = await cluster.api.request<{ status: { token: string } }>("POST", `/api/v1/namespaces/${ns}/serviceaccounts/${name}/token`, {
      body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { expirationSeconds: 3600 } },
    });
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: "test", server: e.k8s.server, caFile: e.k8s.caFile }],
      users: [{ name, token: token.status.token }],
      contexts: [{ name, cluster: "test", user: name, namespace: ns }],
      currentContext: name,
    });
    const kubeconfig = join(work, `${name}.kubeconfig`);
    await writeFile(kubeconfig, kc.exportConfig(), { mode: 0o600 });
    return { kc, api: newKubeApi(kc), kubeconfig };
  }

  const downloaderRules = [
    { apiGroups: [GROUP], resources: ["exhaustdownloads"], verbs: ["create", "get", "list", "watch"] },
    { apiGroups: [GROUP], resources: ["exhaustrequests"], verbs: ["get", "list"] },
  ];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "exhaust-download-"));
    // What `npm ci` links into node_modules/.bin (package.json bin and prepare).
    await symlink(join(repoRoot, "operator/kubectl-plugin/main.ts"), join(work, "kubectl-exhaust"));
    stores = await testStores(e, { seed: 17, collections: 1, batchesPerCollection: 1, enrolments: 60 });
    cluster = await runnerNamespace(e, "downloads", stores, PASSWORD);
    const prepared = await everyProviderTarget(e, cluster, stores, operatorConfigFor(e, stores, cluster.namespace));
    targets = prepared.targets;
    operator = await startOperator({
      endpoints: e,
      config: prepared.config,
      leaseName: `lease-${cluster.namespace}`,
      // What the chart's secretKeyRefs give the operator: the runners' storage Secrets.
      env: await operatorStorageEnv(cluster, prepared.config),
    });
  });

  afterAll(async () => {
    await tearDownSuite({ operator, cluster, stores });
    for (const target of targets.values()) await target.cleanup();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it("each provider: the user gets a URL from the operator, downloads the object and its sha256 matches the status", async () => {
    const user = await userWith("downloader", downloaderRules);
    for (const provider of STORAGE_PROVIDERS) {
      const name = `dl-${provider}`;
      await cluster.createRequest(name, { ...progressSpec(stores), ...(provider === "s3" ? {} : { output: { provider } }) });
      await cluster.waitForCondition(name, "Succeeded", 180);
      const [batch] = (await cluster.getRequest(name))?.status?.batches ?? [];
      const answer = await requestDownloadUrls({ ...user, namespace: cluster.namespace, requestName: name, expiryMinutes: 5, timeoutMs: 30_000 });
      expect(answer.urls.map((u) => ({ batchId: u.batchId, sha256: u.sha256 })), provider).toEqual([{ batchId: batch?.batchId, sha256: batch?.sha256 }]);
      expect(answer.message).toMatch(/^1 signed URL valid until /);
      const expiresInMs = Date.parse(answer.urls[0]?.expiresAt ?? "") - Date.now();
      expect(expiresInMs).toBeGreaterThan(3 * 60_000);
      expect(expiresInMs).toBeLessThanOrEqual(5 * 60_000);
      const dir = join(work, provider);
      const [file] = await fetchBatches(answer.urls, dir);
      const bytes = await readFile(file?.path ?? "");
      expect({ sha256: sha256(bytes), bytes: bytes.length }, provider).toEqual({ sha256: batch?.sha256, bytes: batch?.bytes });
      expect((await stat(file?.path ?? "")).mode & 0o777).toBe(0o600);
      expect((await csvOf(bytes, PASSWORD)).records.length).toBeGreaterThan(0);
    }
  }, 600_000);

  it("kubectl exhaust download --extract: without get on the password Secret the zip stays and the error says why; with it the CSV is on disk", async () => {
    const name = "dl-s3"; // made by the first test
    const [batch] = (await cluster.getRequest(name))?.status?.batches ?? [];
    const restricted = await userWith("no-secrets", downloaderRules);
    const refusedDir = join(work, "refused");
    const refused = await exhaust(restricted, ["download", name, "-o", refusedDir, "--extract"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`error: you may not read Secret zip-password in namespace ${cluster.namespace}, which holds the zip password; the zips are downloaded but not extracted`);
    expect(await readdir(refusedDir)).toEqual([expect.stringMatching(/\.zip$/)]);

    const trusted = await userWith("password-reader", [...downloaderRules, { apiGroups: [""], resources: ["secrets"], resourceNames: ["zip-password"], verbs: ["get"] }]);
    const dir = join(work, "extract");
    const run = await exhaust(trusted, ["download", name, "-o", dir, "--extract"]);
    expect(run.stderr).toMatch(/^1 signed URL valid until \S+\n$/);
    expect(run.code).toBe(0);
    const files = (await readdir(dir)).sort();
    expect(files).toEqual([expect.stringMatching(/^[A-Za-z0-9_]+_progress_\d{8}\.csv$/), expect.stringMatching(/^[A-Za-z0-9_]+_progress_\d{8}\.zip$/)]);
    const [csvName = "", zipName = ""] = files;
    expect(run.stdout).toBe(`${join(dir, zipName)} ${batch?.bytes} bytes, sha256 ${batch?.sha256} checked\n${join(dir, csvName)} extracted\n`);
    const fromUnzip = await csvOf(await readFile(join(dir, zipName)), PASSWORD);
    const [header = "", ...records] = (await readFile(join(dir, csvName), "utf8")).split("\r\n").filter((l) => l !== "");
    expect({ header, records: records.sort() }).toEqual(fromUnzip);
  }, 120_000);

  it("kubectl exhaust url --batch --expires: a bare URL that downloads the object, valid for the time asked", async () => {
    const user = await userWith("url-user", downloaderRules);
    const [batch] = (await cluster.getRequest("dl-azure"))?.status?.batches ?? [];
    const run = await exhaust(user, ["url", "dl-azure", "--batch", batch?.batchId ?? "", "--expires", "10m"]);
    expect(run.code).toBe(0);
    const url = run.stdout.trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\S+\?\S*sig=/);
    const expiresMs = Date.parse(new URL(url).searchParams.get("se") ?? "");
    expect(expiresMs - Date.now()).toBeGreaterThan(8 * 60_000);
    expect(expiresMs - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(sha256(bytes)).toBe(batch?.sha256);
    const bad = await exhaust(user, ["url", "dl-azure", "--expires", "90s"]);
    expect({ code: bad.code, stderr: bad.stderr }).toEqual({ code: 2, stderr: expect.stringContaining("--expires \"90s\": give a duration in minutes or hours") });
  }, 120_000);

  it("errors say what to do: an unknown request, a batch not in it, a user who may not create ExhaustDownloads", async () => {
    const user = await userWith("errors", downloaderRules);
    const base = { ...user, namespace: cluster.namespace, expiryMinutes: 5, timeoutMs: 30_000 };
    await expect(requestDownloadUrls({ ...base, requestName: "no-such-request" })).rejects.toMatchObject({
      message: `ExhaustRequest no-such-request not found in namespace ${cluster.namespace}`,
      hint: `list them with kubectl get exhaustrequests -n ${cluster.namespace}`,
    });
    await expect(requestDownloadUrls({ ...base, requestName: "dl-s3", batchId: "B-missing" })).rejects.toThrow(/^no download URL for dl-s3: ExhaustRequest dl-s3 has no batch B-missing in its status \(batches: /);
    const reader = await userWith("reader-only", [{ apiGroups: [GROUP], resources: ["exhaustrequests"], verbs: ["get"] }]);
    await expect(requestDownloadUrls({ ...reader, namespace: cluster.namespace, requestName: "dl-s3", expiryMinutes: 5, timeoutMs: 30_000 })).rejects.toMatchObject({
      message: `you may not create ExhaustDownloads in namespace ${cluster.namespace}`,
      hint: expect.stringMatching(/^ask an admin to bind the ClusterRole exhaust-operator-downloader to you/),
    });
  }, 120_000);

  it("the namespace's export policy withdrawn after the export: no URL, the refusal names the channel; allowed again, URLs again", async () => {
    const user = await userWith("after-withdrawal", downloaderRules);
    const base = { ...user, namespace: cluster.namespace, requestName: "dl-s3", expiryMinutes: 5, timeoutMs: 30_000 };
    const channel = (await cluster.getRequest("dl-s3"))?.spec.requestedChannel ?? "";
    // The operator reads the annotation from its Namespace informer: give the watch a moment to bring the change.
    const settle = () => new Promise((r) => setTimeout(r, 2000));
    await cluster.setChannels("some-other-org");
    await settle();
    try {
      await expect(requestDownloadUrls(base)).rejects.toThrow(
        `no download URL for dl-s3: no download URL: ExhaustRequest dl-s3 spec.requestedChannel: channel ${channel} may not be exported from namespace ${cluster.namespace} (allowed: some-other-org;`,
      );
    } finally {
      await cluster.setChannels("*");
    }
    await settle();
    expect((await requestDownloadUrls(base)).urls).toHaveLength(1);
  }, 120_000);

  it("admission: a bounded expiryMinutes and an immutable spec, each rejection naming the field", async () => {
    const path = `/apis/${GROUP}/v1alpha1/namespaces/${cluster.namespace}/exhaustdownloads`;
    const body = (spec: object) => ({ apiVersion: `${GROUP}/v1alpha1`, kind: "ExhaustDownload", metadata: { name: "admission" }, spec });
    await expect(cluster.api.request("POST", path, { body: body({ requestName: "dl-s3", expiryMinutes: 1441 }) })).rejects.toThrow(/spec\.expiryMinutes: Invalid value: 1441: spec\.expiryMinutes in body should be less than or equal to 1440/);
    await cluster.api.request("POST", path, { body: body({ requestName: "dl-s3" }) });
    const created = await cluster.api.request<{ spec: { expiryMinutes: number } }>("GET", `${path}/admission`);
    expect(created.spec.expiryMinutes).toBe(30);
    await expect(
      cluster.api.request("PATCH", `${path}/admission`, { body: { spec: { requestName: "dl-azure" } }, contentType: "application/merge-patch+json" }),
    ).rejects.toThrow(/spec\.requestName: Invalid value: "object": spec\.requestName is immutable: create a new ExhaustDownload to ask for other links/);
  });
});
