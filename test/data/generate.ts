import { questionBank } from "./assessments.ts";
import { authorId, catalog, type Batch, type Catalog, type Collection } from "./catalog.ts";
import { enrolmentBundle, legacyDate, type EnrolmentBundle } from "./enrolments.ts";
import { SUNBIRD_PII_KEY, type PiiCipher } from "./pii-encrypt.ts";
import { rngFor } from "./prng.ts";
import { userCacheEntry, type UserCacheEntry } from "./users.ts";

/**
 * Deterministic, Sunbird-shaped sample data. The catalog (orgs, collections, batches, settings) is small and held
 * in memory; users and enrolments are generators that produce one record at a time from (seed, position), so a
 * million enrolments never sit in memory and the same seed always gives the same data.
 */

export interface SampleOptions {
  seed: number;
  collections?: number;
  batchesPerCollection?: number;
  /** Total user_enrolments rows over all batches (unevenly split). */
  enrolments?: number;
  /** Chance that a learner who started attempted a given assessment. */
  attemptRate?: number;
  /** Dates are laid out before this instant; fixed by default so data is reproducible. */
  baseDate?: Date;
  /** PII encryption; the key defaults to Sunbird's, the salt to a seeded random string. */
  pii?: Partial<PiiCipher>;
}

export interface SampleData {
  seed: number;
  catalog: Catalog;
  pii: PiiCipher;
  systemSettings: { id: string; field: string; value: string }[];
  tenantPreferences: { orgid: string; key: string; data: string; createdby: string; createdon: Date }[];
  organisations: { id: string; channel: string; orgname: string; rootorgid: string; isrootorg: boolean; istenant: boolean; status: number }[];
  contentHierarchies: { identifier: string; hierarchy: string }[];
  courseBatches: Record<string, unknown>[];
  /** Relation-cache sets `<id>:<id>:optionalnodes`; collections without optional nodes have no key. */
  optionalNodes: { collectionId: string; members: string[] }[];
  users(): Generator<UserCacheEntry>;
  enrolments(): Generator<EnrolmentBundle & { batch: Batch; collection: Collection }>;
}

export const DEFAULT_BASE_DATE = new Date("2024-01-31T06:30:00Z");
const SALT_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

export function sampleData(options: SampleOptions): SampleData {
  const seed = options.seed;
  const baseDate = options.baseDate ?? DEFAULT_BASE_DATE;
  const cat = catalog(seed, { collections: options.collections ?? 2, batchesPerCollection: options.batchesPerCollection ?? 3, enrolments: options.enrolments ?? 100 }, baseDate);
  const saltRng = rngFor(seed, "salt");
  const pii: PiiCipher = {
    key: options.pii?.key ?? SUNBIRD_PII_KEY,
    salt: options.pii?.salt ?? Array.from({ length: 16 }, () => saltRng.pick([...SALT_CHARS])).join(""),
  };
  const attemptRate = options.attemptRate ?? 0.3;
  const byDate = (d: Date): string => d.toISOString().slice(0, 10);

  return {
    seed,
    catalog: cat,
    pii,
    systemSettings: [
      { id: "custodianOrgId", field: "custodianOrgId", value: cat.custodianOrgId },
      { id: "custodianOrgChannel", field: "custodianOrgChannel", value: "sunbird" },
    ],
    tenantPreferences: tenantPreferences(seed, cat, baseDate),
    organisations: cat.orgs.map((o) => ({ id: o.id, channel: o.custodian ? "sunbird" : o.name.toLowerCase().replaceAll(" ", "-"), orgname: o.name, rootorgid: o.id, isrootorg: true, istenant: !o.custodian, status: 1 })),
    contentHierarchies: cat.collections.map((c) => ({ identifier: c.id, hierarchy: JSON.stringify(c.hierarchy) })),
    courseBatches: cat.batches.map((b) => ({
      courseid: b.courseId, batchid: b.id, name: b.name, description: `Batch for ${b.name}`, status: b.status,
      enrollmenttype: "open", createdby: authorId(seed, b.index), createddate: legacyDate(b.startDate), created_date: b.startDate,
      start_date: b.startDate, end_date: b.endDate, enrollment_enddate: b.endDate, startdate: byDate(b.startDate), enddate: byDate(b.endDate),
    })),
    optionalNodes: cat.collections.filter((c) => c.optionalNodes.length > 0).map((c) => ({ collectionId: c.id, members: c.optionalNodes })),
    *users() {
      for (let i = 0; i < cat.users; i++) yield userCacheEntry(seed, i, cat, pii);
    },
    *enrolments() {
      for (const collection of cat.collections) {
        const ctx = { seed, collection, bank: questionBank(seed, collection.assessmentIds), attemptRate };
        for (const batch of collection.batches) {
          for (let k = 0; k < batch.enrolments; k++) yield { ...enrolmentBundle(ctx, batch, k), batch, collection };
        }
      }
    },
  };
}

// The default org holds the platform policy; one tenant overrides it per job, one relies on the default
// (no row), and one lowers it, which the runner must not honour for UserInfo (D1).
function tenantPreferences(seed: number, cat: Catalog, createdon: Date): SampleData["tenantPreferences"] {
  const tenants = cat.orgs.filter((o) => !o.custodian);
  const policy = (orgid: string, data: unknown) => ({ orgid, key: "dataSecurityPolicy", data: JSON.stringify(data), createdby: authorId(seed, 1000), createdon });
  const rows = [
    policy("default", { level: "PASSWORD_PROTECTED_DATASET", job: { "progress-exhaust": { level: "PASSWORD_PROTECTED_DATASET" }, "response-exhaust": { level: "PLAIN_DATASET" }, "userinfo-exhaust": { level: "PASSWORD_PROTECTED_DATASET" } } }),
    { orgid: "default", key: "userPrivateFields", data: JSON.stringify({ piiFields: ["email", "phone", "userName"] }), createdby: authorId(seed, 1000), createdon },
  ];
  const [first, , third] = tenants;
  if (first) rows.push(policy(first.id, { level: "PASSWORD_PROTECTED_DATASET", job: { "progress-exhaust": { level: "TEXT_KEY_ENCRYPTED_DATASET" } } }));
  if (third) rows.push(policy(third.id, { level: "PLAIN_DATASET" }));
  return rows;
}
