import type pg from "pg";
import type { ExhaustRequest } from "../../crds/exhaust-request.ts";
import type { Clock } from "../clock/clock.ts";
import type { BridgeConfig } from "../config/bridge-config.ts";
import { BRIDGE_LABEL, BRIDGE_LABEL_VALUE } from "../bridge/bridge-names.ts";
import { selectAdoptionCandidates, selectRowsByKeys, selectSubmittedRows, type Query } from "../bridge/bridge-queries.ts";
import type { JobRequestRow } from "../bridge/job-request-row.ts";
import { planBridgePass, trackedRowKeys, type BridgePassInput, type ObservedSecret } from "../bridge/plan-bridge-pass.ts";
import type { BatchCollections } from "../bridge/row-to-request.ts";
import type { KubeApi } from "../kube/client/api-client.ts";
import type { Informer } from "../kube/cache/informer.ts";
import type { EventRecorder } from "../kube/events/event-recorder.ts";
import type { KubeObject } from "../kube/meta/kube-object.ts";
import { collectionPath, exhaustRequests, namespaces, secrets } from "../kube/meta/resource-type.ts";
import { namespaceChannelPolicy } from "../export-policy/namespace-channel-policy.ts";
import type { Reconciler } from "../kube/runtime/reconcile-loop.ts";
import type { Controller } from "../manager/controller.ts";
import type { BridgeMetrics } from "../metrics/registry.ts";
import { runBridgeActions } from "./run-bridge-actions.ts";

/** The one key the bridge reconciles: a pass covers the whole table, so every trigger is the same work. */
export const BRIDGE_KEY = "sunbird-bridge/job-request";

export interface BridgeControllerDeps {
  api: KubeApi;
  /** node-postgres: a Pool, so a connection lost while Postgres is down is replaced on the next pass. */
  rows: Pick<pg.Pool, "query">;
  /** course_batch.courseid of batches (batch-collections.ts); throws when the store cannot answer. */
  lookupBatches: (batchIds: readonly string[]) => Promise<BatchCollections>;
  recorder: EventRecorder;
  /** exportPolicy: config.exportPolicy.enabled; rows whose channel the bridge namespace does not allow fail. */
  config: { bridge: BridgeConfig; maxBatchesPerRequest: number; exportPolicy: boolean };
  /** The platform decryption of stored keys (D8), when the deployment gave the platform key and salt. */
  decrypt?: (value: string) => string;
  metrics: BridgeMetrics;
  clock: Clock;
}

const isBridgeObject = (obj: KubeObject, namespace: string): boolean => obj.metadata?.namespace === namespace && obj.metadata.labels?.[BRIDGE_LABEL] === BRIDGE_LABEL_VALUE;

/**
 * The Sunbird bridge on the manager (docs/sunbird-bridge.md): one pass at start, then every pollSeconds, and at
 * once when one of its requests changes (so a finished request is written back without waiting for the poll).
 * Only the leader reconciles, so only the leader polls.
 */
export function bridgeController(deps: BridgeControllerDeps): Controller {
  return {
    name: "sunbird-bridge",
    workers: 1,
    timeoutMs: 60_000,
    // A failed pass (Postgres or Cassandra down) is retried from 1 s, doubling, but never waits much longer than a
    // poll: the 5-minute cap of client-go's default would leave rows waiting long after the store is back.
    retryBackoff: { baseMs: 1000, capMs: Math.max(10_000, deps.config.bridge.pollSeconds * 1000), jitter: 0.1 },
    setup(builder) {
      const requests = builder.informer<ExhaustRequest>(exhaustRequests);
      const { namespace } = deps.config.bridge;
      builder.watches(requests, (r) => (isBridgeObject(r, namespace) ? [BRIDGE_KEY] : []));
      builder.queue.add(BRIDGE_KEY);
      const namespaceCache = deps.config.exportPolicy ? builder.informer<KubeObject>(namespaces) : undefined;
      return newBridgeReconciler(deps, requests, namespaceCache);
    },
  };
}

function newBridgeReconciler(deps: BridgeControllerDeps, requests: Informer<ExhaustRequest>, namespaceCache: Informer<KubeObject> | undefined): Reconciler {
  const { bridge } = deps.config;
  const jobIds = Object.values(bridge.jobIds);
  const read = async (query: Query): Promise<JobRequestRow[]> => (await deps.rows.query<JobRequestRow>(query)).rows;

  return async (_key, ctx) => {
    const ours = requests.list(bridge.namespace).filter((r) => isBridgeObject(r, bridge.namespace));
    const tracked = trackedRowKeys(ours);
    const adopt = bridge.adoptSparkRows;
    const rows = [
      ...(await read(selectSubmittedRows(bridge.table, jobIds, bridge.rowsPerPass))),
      ...(tracked.length === 0 ? [] : await read(selectRowsByKeys(bridge.table, tracked))),
      ...(adopt.enabled && adopt.cutoverAt !== undefined ? await read(selectAdoptionCandidates(bridge.table, jobIds, adopt.cutoverAt, bridge.rowsPerPass)) : []),
    ];
    const channelPolicy = namespaceChannelPolicy(namespaceCache, bridge.namespace);
    const input: BridgePassInput = {
      rows,
      requests: ours,
      secrets: await listBridgeSecrets(deps.api, bridge.namespace, ctx.signal),
      lookups: {},
      ...(deps.decrypt === undefined ? {} : { decrypt: deps.decrypt }),
      ...(channelPolicy === undefined ? {} : { channelPolicy }),
    };
    let plan = planBridgePass(input, deps.clock.now(), deps.config);
    if (plan.batchesToResolve.length > 0) {
      plan = planBridgePass({ ...input, lookups: await deps.lookupBatches(plan.batchesToResolve) }, deps.clock.now(), deps.config);
    }
    deps.metrics.rowsSeen.inc(plan.rowsSeen);
    if (plan.actions.length > 0) ctx.log.debug({ actions: plan.actions.length, rowsSeen: plan.rowsSeen }, "Bridge pass planned");
    await runBridgeActions(
      { api: deps.api, rows: deps.rows, table: bridge.table, namespace: bridge.namespace, requests, recorder: deps.recorder, metrics: deps.metrics, log: ctx.log, signal: ctx.signal },
      plan.actions,
    );
    return { requeueAfterMs: bridge.pollSeconds * 1000 };
  };
}

/** The bridge's key Secrets: names and owners only; their values are never kept, logged or planned with. */
async function listBridgeSecrets(api: KubeApi, namespace: string, signal: AbortSignal): Promise<ObservedSecret[]> {
  const list = await api.request<{ items: KubeObject[] }>("GET", collectionPath(secrets, namespace), { query: { labelSelector: `${BRIDGE_LABEL}=${BRIDGE_LABEL_VALUE}` }, signal });
  return list.items.map((s) => ({ name: s.metadata?.name ?? "", ownerUids: (s.metadata?.ownerReferences ?? []).map((o) => o.uid) }));
}
