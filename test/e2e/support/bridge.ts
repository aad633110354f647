import { randomBytes } from "node:crypto";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import type { OperatorConfigInput } from "../../../operator/config/operator-config.ts";
import { createJobRequestTable, readJobRequest, sunbirdObjectKey, type JobRequestReadBack, type Queryable } from "../../data/job-request.ts";
import type { Endpoints } from "../../env/endpoints.ts";
import { eventually } from "../../env/process.ts";
import type { TestCluster } from "./cluster.ts";
import { csvOf } from "./outputs.ts";
import { operatorConfigFor, type TestStores } from "./stores.ts";

type PostgresEndpoint = Endpoints["postgres"];

/** The bridge's namespaced rules (charts/manifests/rbac.yaml) bound in the test's namespace, as the chart binds them in bridge.namespace. */
export async function bindBridgeRole(cluster: TestCluster): Promise<void> {
  await cluster.api.request("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${cluster.namespace}/rolebindings`, {
    body: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "exhaust-operator-sunbird-bridge" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "exhaust-operator-sunbird-bridge" },
      subjects: [{ kind: "ServiceAccount", name: "exhaust-operator", namespace: "exhaust-system" }],
    },
  });
}

/** A fresh `<env>_job_request` table (the installer's current DDL) in the given Postgres. */
export const freshJobRequestTable = (client: Queryable): Promise<string> => createJobRequestTable(client, `b${randomBytes(4).toString("hex")}`, "current");

/** The test's operator configuration with the bridge on: this namespace, this table, a 1-second poll. */
export function bridgeOperatorConfig(e: Endpoints, stores: TestStores, namespace: string, postgres: PostgresEndpoint, table: string): OperatorConfigInput {
  return {
    ...operatorConfigFor(e, stores, namespace),
    bridge: { enabled: true, namespace, table, pollSeconds: 1, postgres: { host: postgres.host, port: postgres.port, database: postgres.database, user: postgres.user } },
  };
}

/** The bridge's environment: the Postgres password and the platform key and salt (here the sample data's PII key). */
export const bridgeEnv = (postgres: PostgresEndpoint, stores: TestStores): Record<string, string> => ({
  EXHAUST_BRIDGE_POSTGRES_PASSWORD: postgres.password,
  EXHAUST_BRIDGE_PLATFORM_KEY: stores.data.pii.key,
  EXHAUST_BRIDGE_PLATFORM_SALT: stores.data.pii.salt,
});

/** Polls the row every 100 ms until it is SUCCESS or FAILED; returns it and every status seen on the way, in order. */
export async function rowOutcome(client: Queryable, table: string, key: { tag: string; requestId: string }, timeoutMs = 240_000): Promise<{ row: JobRequestReadBack; seen: string[] }> {
  const seen: string[] = [];
  const row = await eventually(
    `job_request ${key.tag} finished`,
    async () => {
      const r = await readJobRequest(client, table, key);
      if (r !== undefined && seen.at(-1) !== r.status) seen.push(r.status);
      return r?.status === "SUCCESS" || r?.status === "FAILED" ? r : undefined;
    },
    timeoutMs,
    100,
  );
  return { row, seen };
}

/** Each download_urls entry read as Sunbird's API reads it (§3.6), fetched from the bucket it signs from and opened with `password`. */
export async function openDownloads(stores: TestStores, urls: readonly string[], password: string): Promise<{ key: string; header: string; records: number }[]> {
  const out: { key: string; header: string; records: number }[] = [];
  for (const entry of urls) {
    const key = sunbirdObjectKey(entry);
    const got = await stores.s3.send(new GetObjectCommand({ Bucket: stores.bucket, Key: key }));
    const csv = await csvOf(Buffer.from((await got.Body?.transformToByteArray()) ?? []), password);
    out.push({ key, header: csv.header, records: csv.records.length });
  }
  return out;
}
