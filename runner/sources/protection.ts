import type { RunnerConfig } from "../../crds/runner-contract.ts";
import type { PayloadKey } from "../archive/encrypted-payload.ts";
import type { ZipProtection } from "../archive/zip-stream.ts";
import { NO_BATCH_SELECTOR_OR_KEY, NonRetryableError, publicKeyFetchFailed, publicKeyNotConfigured, RetryableError } from "../reports/errors.ts";
import { effectiveSecurityLevel, outputExtension, secretNeeded, type SecurityLevel } from "../security/level.ts";
import type { CassandraReads } from "./cassandra-reads.ts";
import { readPublicKeyUrl, readTenantPreference } from "./user-settings.ts";

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

/**
 * The effective level from the requesting org's dataSecurityPolicy (else org `default`), and the key material it
 * needs: a missing password or text key is Sunbird's non-retryable key message; the org public key is fetched from
 * the URL in organisation.keys (4.8.4).
 */
export async function readProtection(db: CassandraReads, config: RunnerConfig): Promise<Protection> {
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
  if (level === "PUBLIC_KEY_ENCRYPTED_DATASET") {
    const publicKeyPem = await fetchPublicKey(await readPublicKeyUrl(db, config.userKeyspace, org), org);
    return { level, ext, zip: { method: "none" }, payload: { level, publicKeyPem, orgId: org } };
  }
  return { level, ext, zip: ext === "zip" ? { method: "none" } : null, payload: null };
}

async function fetchPublicKey(url: string | null, orgId: string): Promise<string> {
  if (url === null || url.trim() === "") throw new NonRetryableError(publicKeyNotConfigured(orgId));
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NonRetryableError(publicKeyNotConfigured(orgId));
  }
  try {
    const response = await fetch(parsed, { signal: AbortSignal.timeout(publicKeyTimeoutMs) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return await response.text();
  } catch (err) {
    throw new RetryableError(publicKeyFetchFailed(err instanceof Error ? err.message : String(err)));
  }
}
