import { compareCodePoints } from "../format/code-point-order.ts";
import { collectionStatusProblem } from "../../crds/failure-texts.ts";
import { CONSENT_NOT_REQUESTED, invalidHierarchy, NO_DATA_FOUND, NonRetryableError } from "../outcome/errors.ts";
import type { ReportKind } from "./report-kind.ts";

// D12: all collection metadata comes from the collection's content_hierarchy row (a JSON document).

export interface HierarchyNode {
  identifier: string | null;
  name: string | null;
  contentType: string | null;
  objectType: string | null;
  primaryCategory: string | null;
}

export interface Collection {
  id: string;
  name: string | null;
  channel: string | null;
  status: string | null;
  userConsent: string | null;
  /** Completion denominator; 0 when missing or not an integer. */
  leafNodesCount: number;
  /** Every node, the root first, in depth-first order. */
  nodes: HierarchyNode[];
}

export interface AssessmentConfig {
  contentTypes: readonly string[];
  objectTypes: readonly string[];
  primaryCategories: readonly string[];
}


type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const stringOrNull = (v: unknown) => (typeof v === "string" ? v : null);

/** Throws a NonRetryableError `Invalid hierarchy for collection <id>` when the text is not a JSON object. */
export function parseHierarchy(collectionId: string, json: string): Collection {
  let root: unknown;
  try {
    root = JSON.parse(json);
  } catch {
    throw new NonRetryableError(invalidHierarchy(collectionId));
  }
  if (!isObject(root)) throw new NonRetryableError(invalidHierarchy(collectionId));
  const leaf = root.leafNodesCount;
  return {
    id: collectionId,
    name: stringOrNull(root.name),
    channel: stringOrNull(root.channel),
    status: stringOrNull(root.status),
    userConsent: stringOrNull(root.userConsent),
    leafNodesCount: typeof leaf === "number" && Number.isInteger(leaf) ? leaf : 0,
    nodes: flattenNodes(root),
  };
}

function flattenNodes(root: Json): HierarchyNode[] {
  const nodes: HierarchyNode[] = [];
  const pending: Json[] = [root];
  while (pending.length > 0) {
    const node = pending.pop() as Json;
    nodes.push({
      identifier: stringOrNull(node.identifier),
      name: stringOrNull(node.name),
      contentType: stringOrNull(node.contentType),
      objectType: stringOrNull(node.objectType),
      primaryCategory: stringOrNull(node.primaryCategory),
    });
    const children = Array.isArray(node.children) ? node.children.filter(isObject) : [];
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i] as Json);
  }
  return nodes;
}

/**
 * Why this collection cannot produce the report, or null when it can (reports-spec §4.2, §5.1): a missing row or a
 * status other than Live/Unlisted is "No data found", Retired has Sunbird's own text, and UserInfo needs
 * userConsent = yes (case-insensitive; missing counts as no).
 */
export function collectionProblem(collection: Collection | null, report: ReportKind): NonRetryableError | null {
  if (collection === null) return new NonRetryableError(NO_DATA_FOUND);
  const statusProblem = collectionStatusProblem(collection.status);
  if (statusProblem !== undefined) return new NonRetryableError(statusProblem);
  if (report === "userinfo" && collection.userConsent?.toLowerCase() !== "yes") {
    return new NonRetryableError(CONSENT_NOT_REQUESTED);
  }
  return null;
}

/**
 * The Progress per-assessment columns (§5.3.3, D9): distinct ids of nodes, root included, whose contentType is
 * supported, or whose objectType and primaryCategory both are. Exact, case-sensitive; sorted by code point.
 */
export function qualifyingAssessments(collection: Collection, config: AssessmentConfig): string[] {
  const ids = new Set<string>();
  for (const node of collection.nodes) {
    if (node.identifier === null) continue;
    const byContentType = node.contentType !== null && config.contentTypes.includes(node.contentType);
    const byObjectType = node.objectType !== null && config.objectTypes.includes(node.objectType)
      && node.primaryCategory !== null && config.primaryCategories.includes(node.primaryCategory);
    if (byContentType || byObjectType) ids.add(node.identifier);
  }
  return [...ids].sort(compareCodePoints);
}

const titleIndexes = new WeakMap<Collection, Map<string, string | null>>();

/** Response "QuestionSet Title": the name of the first node with this identifier, or null. */
export function titleOf(collection: Collection, contentId: string): string | null {
  let index = titleIndexes.get(collection);
  if (index === undefined) {
    index = new Map();
    for (const node of collection.nodes) {
      if (node.identifier !== null && !index.has(node.identifier)) index.set(node.identifier, node.name);
    }
    titleIndexes.set(collection, index);
  }
  return index.get(contentId) ?? null;
}
