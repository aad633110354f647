import { COLLECTION_ROOT_SHAPE, contentId, contentTree, type HierarchyNode } from "./hierarchy.ts";
import { ORG_NAMES, TOPICS } from "./names.ts";
import { rngFor, uuidFrom } from "./prng.ts";

/** The small, in-memory part of the sample data: orgs, collections with their trees, and batches. */

export interface Org {
  id: string;
  name: string;
  /** The custodian org (system_settings custodianOrgId); users without a tenant belong to it. */
  custodian: boolean;
}

export interface Batch {
  id: string;
  courseId: string;
  name: string;
  /** 0 not started, 1 in progress, 2 completed. */
  status: number;
  startDate: Date;
  endDate: Date;
  /** Position over all batches: names the batch's random streams. */
  index: number;
  /** Planned user_enrolments rows. */
  enrolments: number;
  /** Users of a collection are distinct across its batches: this batch's users start here. */
  userOffset: number;
}

export interface Collection {
  id: string;
  name: string;
  channel: string;
  status: "Live" | "Unlisted";
  userConsent: string;
  /** The hierarchy root, children included: the JSON stored in content_hierarchy. */
  hierarchy: HierarchyNode & { channel: string; status: string; userConsent: string; leafNodesCount: number; leafNodes: string[] };
  leafIds: string[];
  assessmentIds: string[];
  qualifyingIds: string[];
  /** Members of the relation-cache set; empty means the key is absent. */
  optionalNodes: string[];
  batches: Batch[];
}

export interface Catalog {
  orgs: Org[];
  custodianOrgId: string;
  collections: Collection[];
  batches: Batch[];
  /** User indexes run 0..users-1; a collection's batches draw disjoint ranges from them. */
  users: number;
}

export interface CatalogSizes {
  collections: number;
  batchesPerCollection: number;
  enrolments: number;
}

const DAY = 86_400_000;

export function catalog(seed: number, sizes: CatalogSizes, baseDate: Date): Catalog {
  const orgRng = rngFor(seed, "orgs");
  const orgs: Org[] = ORG_NAMES.map((name, i) => ({ id: `01${orgRng.digits(18)}`, name, custodian: i === ORG_NAMES.length - 1 }));
  const tenants = orgs.filter((o) => !o.custodian);
  const custodianOrgId = orgs.find((o) => o.custodian)?.id ?? "";

  const counts = batchCounts(seed, sizes);
  const collections: Collection[] = [];
  const batches: Batch[] = [];
  for (let c = 0; c < sizes.collections; c++) {
    const rng = rngFor(seed, "collection", c);
    const id = contentId(rng);
    const topic = TOPICS[c % TOPICS.length] ?? "Course";
    const name = `${topic} ${c >= TOPICS.length ? `(${Math.floor(c / TOPICS.length) + 1}) ` : ""}for Teachers`;
    const channel = (tenants[c % tenants.length] ?? orgs[0])?.id ?? "";
    const status = c % 2 === 0 ? "Live" : "Unlisted";
    const userConsent = c % 2 === 0 ? "Yes" : "yes";
    const tree = contentTree(rng, id, topic);
    const optionalCount = c % 2 === 0 ? rng.int(1, 2) : 0;
    const optionalNodes = tree.leafIds.filter((l) => !tree.assessmentIds.includes(l)).slice(0, optionalCount);
    const hierarchy = {
      identifier: id, name, ...COLLECTION_ROOT_SHAPE, depth: 0, index: 0, channel, status, userConsent,
      leafNodesCount: tree.leafIds.length, leafNodes: tree.leafIds, children: tree.units,
    };
    let userOffset = 0;
    const own: Batch[] = [];
    for (let j = 0; j < sizes.batchesPerCollection; j++) {
      const b = rngFor(seed, "batch", batches.length);
      const startDate = new Date(baseDate.getTime() - b.int(30, 400) * DAY);
      const enrolments = counts[batches.length] ?? 0;
      const batch: Batch = {
        id: `01${b.digits(18)}`, courseId: id, name: `${topic} batch ${j + 1}`, status: [1, 2, 0][j % 3] ?? 1,
        startDate, endDate: new Date(startDate.getTime() + b.int(60, 180) * DAY), index: batches.length, enrolments, userOffset,
      };
      userOffset += enrolments;
      own.push(batch);
      batches.push(batch);
    }
    collections.push({ id, name, channel, status, userConsent, hierarchy, ...tree, optionalNodes, batches: own });
  }
  const users = Math.max(0, ...collections.map((c) => c.batches.reduce((n, b) => n + b.enrolments, 0)));
  return { orgs, custodianOrgId, collections, batches, users };
}

// Uneven batch sizes (weights 1..4) that add up to exactly the requested total.
function batchCounts(seed: number, sizes: CatalogSizes): number[] {
  const n = sizes.collections * sizes.batchesPerCollection;
  if (n === 0) return [];
  const rng = rngFor(seed, "batch-sizes");
  const weights = Array.from({ length: n }, () => 1 + rng.next() * 3);
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((sizes.enrolments * w) / total));
  let rest = sizes.enrolments - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % n, rest--) counts[i] = (counts[i] ?? 0) + 1;
  return counts;
}

/** `createdby`-style ids for rows that carry an author. */
export const authorId = (seed: number, index: number): string => uuidFrom(rngFor(seed, "author", index));
