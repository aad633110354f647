import type { CassandraReads } from "./cassandra-reads.ts";
import { readRows } from "./cassandra-reads.ts";

/** system_settings `custodianOrgId` (§2.2), or null when unset. */
export async function readCustodianOrgId(db: CassandraReads, keyspace: string): Promise<string | null> {
  const rows = await readRows(db, `SELECT value FROM ${keyspace}.system_settings WHERE id = ?`, ["custodianOrgId"]);
  return (rows[0]?.get("value") as string | null | undefined) ?? null;
}

/** A tenant preference's `data` JSON (tenant_preference_v2), or null without a row; the caller decides fallbacks. */
export async function readTenantPreference(db: CassandraReads, keyspace: string, orgId: string, key: string): Promise<string | null> {
  const rows = await readRows(db, `SELECT data FROM ${keyspace}.tenant_preference_v2 WHERE orgid = ? AND key = ?`, [orgId, key]);
  return (rows[0]?.get("data") as string | null | undefined) ?? null;
}

/** The org's `keys.exhaustEncryptionKey[0]`: the URL of its PEM public key (4.8.4), or null. */
export async function readPublicKeyUrl(db: CassandraReads, keyspace: string, orgId: string): Promise<string | null> {
  const rows = await readRows(db, `SELECT keys FROM ${keyspace}.organisation WHERE id = ?`, [orgId]);
  const keys = rows[0]?.get("keys") as Map<string, string[]> | Record<string, string[]> | null | undefined;
  const list = keys instanceof Map ? keys.get("exhaustEncryptionKey") : keys?.exhaustEncryptionKey;
  return list?.[0] ?? null;
}
