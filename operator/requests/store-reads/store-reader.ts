import type { Client } from "cassandra-driver";
import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";
import type { Clock } from "../../clock/clock.ts";
import type { KubeApi } from "../../kube/client/api-client.ts";
import { isNotFound } from "../../kube/client/api-errors.ts";
import { readSecretData } from "../../kube/client/secret-data.ts";
import type { Logger } from "../../log/log.ts";
import { readCollectionStatuses } from "./collection-statuses.ts";
import { resolveBatches } from "./course-batches.ts";
import { countEnrolments, hasBatchIdIndex } from "./enrolment-index.ts";
import type { StoreSettings } from "./store-settings.ts";
import type { BatchResolution, CollectionStatuses } from "../plan/accept-batches.ts";
import { needsResolution } from "../plan/plan.ts";
import { isRequestFinished } from "../plan/request-status.ts";
import type { SecretPresence } from "../plan/stall-detection.ts";

/** What a pass read outside the informer caches: Cassandra (until the batches are accepted) and a Secret. */
export interface StoreFacts {
  resolution?: BatchResolution;
  collections?: CollectionStatuses;
  passwordSecret?: SecretPresence;
}

export interface StoreReaderOptions {
  api: KubeApi;
  cassandra: Client;
  settings: StoreSettings;
  clock: Clock;
  log: Logger;
  maxBatchesPerRequest: number;
  /** Per Cassandra query. */
  timeoutMs?: number;
  /** How long a batchid-index answer is trusted; indexes are created rarely, but they are created. */
  indexRecheckMs?: number;
}

/** The reads a reconcile makes beyond its caches. Every store error becomes data the plan understands. */
export class StoreReader {
  readonly #o: Required<StoreReaderOptions>;
  #index: { value: boolean; readAtMs: number } | undefined;

  constructor(options: StoreReaderOptions) {
    this.#o = { timeoutMs: 10_000, indexRecheckMs: 5 * 60_000, ...options };
  }

  async factsFor(request: ExhaustRequest, signal?: AbortSignal): Promise<StoreFacts> {
    const facts: StoreFacts = {};
    const ids = request.spec.batches.ids;
    // Too long a list is rejected without reading anything.
    if (needsResolution(request) && (ids === undefined || ids.length <= this.#o.maxBatchesPerRequest)) {
      Object.assign(facts, await this.#resolve(request));
    }
    const ref = request.spec.password?.secretKeyRef;
    if (ref !== undefined && !isRequestFinished(request.status?.phase)) {
      facts.passwordSecret = await this.#secretPresence(request.metadata.namespace ?? "", ref.name, ref.key, signal);
    }
    return facts;
  }

  /** D18 detection, cached; a failed read keeps the last answer (none yet: no index, the safe choice: scan once). */
  async batchIdIndex(): Promise<boolean> {
    const nowMs = this.#o.clock.now().getTime();
    if (this.#index !== undefined && nowMs - this.#index.readAtMs < this.#o.indexRecheckMs) return this.#index.value;
    const { enrolmentsKeyspace, enrolmentsTable } = this.#o.settings;
    try {
      const value = await hasBatchIdIndex(this.#o.cassandra, enrolmentsKeyspace, enrolmentsTable, this.#o.timeoutMs);
      if (this.#index?.value !== value) this.#o.log.info({ keyspace: enrolmentsKeyspace, table: enrolmentsTable, batchIdIndex: value }, "Detected the enrolments access path");
      this.#index = { value, readAtMs: nowMs };
    } catch (err) {
      this.#o.log.warn({ err }, "Enrolment index detection failed; keeping the last answer");
    }
    return this.#index?.value ?? false;
  }

  async #resolve(request: ExhaustRequest): Promise<StoreFacts> {
    const { settings, cassandra, timeoutMs } = this.#o;
    const resolution = await resolveBatches(cassandra, request.spec, { keyspace: settings.coursesKeyspace, timeoutMs });
    if (resolution.kind !== "resolved" || resolution.found.length === 0) return { resolution };
    const collections = await readCollectionStatuses(
      cassandra,
      resolution.found.map((b) => b.collectionId),
      { keyspace: settings.hierarchyKeyspace, timeoutMs },
    );
    if (!(await this.batchIdIndex())) return { resolution, ...(collections === undefined ? {} : { collections }) };
    const counts = await countEnrolments(
      cassandra,
      resolution.found.map((b) => b.batchId),
      { keyspace: settings.enrolmentsKeyspace, table: settings.enrolmentsTable, timeoutMs },
    );
    const found = resolution.found.map((b) => (counts[b.batchId] === undefined ? b : { ...b, enrolmentEstimate: counts[b.batchId] }));
    return { resolution: { ...resolution, found }, ...(collections === undefined ? {} : { collections }) };
  }

  // Only presence is read; the value never leaves this function.
  async #secretPresence(namespace: string, name: string, key: string, signal?: AbortSignal): Promise<SecretPresence> {
    try {
      const data = await readSecretData(this.#o.api, namespace, name, signal);
      return data[key] === undefined ? "keyMissing" : "present";
    } catch (err) {
      if (isNotFound(err)) return "secretMissing";
      throw err;
    }
  }
}
