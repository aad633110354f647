import type { RunnerConfig } from "../../crds/runner-contract.ts";
import type { PayloadKey } from "../archive/encrypted-payload.ts";
import type { ZipProtection } from "../archive/zip-stream.ts";
import { NO_BATCH_SELECTOR_OR_KEY, NonRetryableError, publicKeyFetchFailed, publicKeyNotConfigured, RetryableError } from "../outcome/errors.ts";
import { effectiveSecurityLevel, outputExtension, secretNeeded, type SecurityLevel } from "../security/level.ts";
import type { CassandraReads } from "./cassandra/cassandra-reads.ts";
import { readPublicKeyUrl, readTenantPreference } from "./cassandra/user-settings.ts";

/** How a batch's CSV is protected on its way to the sink (§4.8.2). */
export interface Protection {
  level: SecurityLevel;
  ext: "zip" | "csv";
  /** The zip's own encryption; null for plain .csv output. */
  zip: ZipProtection | null;
  /** TEXT_KEY / PUBLIC_KEY: the zip entry is the encrypted payload. */
  payload: PayloadKey | null;
}

const publicKeyTimeoutMs = 30_000;

/** The protection before the org public key is fetched: complete for every level but PUBLIC_KEY. */
export type PendingProtection = Protection | { level: "PUBLIC_KEY_ENCRYPTED_DATASET"; ext: "zip"; publicKeyOf: string };

/**
 * The effective level from the requesting org's dataSecurityPolicy (else org `default`) and the secret it needs: a
 * missing password or text key is Sunbird's non-retryable key message. Checked before the collection (§3.5, §5.1);
 * the org public key is fetched afterwards by completeProtection.
 */
export async function readProtectionLevel(db: CassandraReads, config: RunnerConfig): Promise<PendingProtection> {
  const org = config.requestedChannel;
  const [orgPolicy, defaultPolicy] = await Promise.all([
    readTenantPreference(db, config.userKeyspace, org, "dataSecurityPolicy"),
    org === "default" ? Promise.resolve(null) : readTenantPreference(db, config.userKeyspace, "default", "dataSecurityPolicy"),
  ]);
  const level = effectiveSecurityLevel({ report: config.report, requestedOrg: org, orgPolicy, defaultPolicy, requestedLevel: config.securityLevel });
  const ext = outputExtension(level, config.outputFormat);
  const secret = secretNeeded(level);
  if (secret === "password") {
    if (!config.zipPassword) throw new NonRetryableError(NO_BATCH_SELECTOR_OR_KEY);
    return { level, ext, zip: { method: config.zipEncryption, password: config.zipPassword }, payload: null };
  }
  if (secret === "textKey") {
    if (!config.textKey) throw new NonRetryableError(NO_BATCH_SELECTOR_OR_KEY);
    return { level, ext, zip: { method: "none" }, payload: { level: "TEXT_KEY_ENCRYPTED_DATASET", textKey: config.textKey } };
  }
  if (level === "PUBLIC_KEY_ENCRYPTED_DATASET") return { level, ext: "zip", publicKeyOf: org };
  return { level, ext, zip: ext === "zip" ? { method: "none" } : null, payload: null };
}

/** PUBLIC_KEY: the org's PEM from the URL in organisation.keys (4.8.4); every other level is complete already. */
export async function completeProtection(db: CassandraReads, userKeyspace: string, pending: PendingProtection): Promise<Protection> {
  if (!("publicKeyOf" in pending)) return pending;
  const org = pending.publicKeyOf;
  const publicKeyPem = await fetchPublicKey(await readPublicKeyUrl(db, userKeyspace, org), org);
  return { level: pending.level, ext: "zip", zip: { method: "none" }, payload: { level: pending.level, publicKeyPem, orgId: org } };
}

/** A fetch failure names only the error's kind or the HTTP status: the URL may carry credentials or a signature. */
async function fetchPublicKey(url: string | null, orgId: string): Promise<string> {
  if (url === null || url.trim() === "") throw new NonRetryableError(publicKeyNotConfigured(orgId));
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NonRetryableError(publicKeyNotConfigured(orgId));
  }
  let response: Response;
  try {
    response = await fetch(parsed, { signal: AbortSignal.timeout(publicKeyTimeoutMs) });
  } catch (err) {
    throw new RetryableError(publicKeyFetchFailed(err instanceof Error ? err.name : "Error"));
  }
  if (!response.ok) throw new RetryableError(publicKeyFetchFailed(`HTTP ${response.status}`));
  try {
    return await response.text();
  } catch (err) {
    throw new RetryableError(publicKeyFetchFailed(err instanceof Error ? err.name : "Error"));
  }
}
