import type { Rng } from "./prng.ts";

/** A content_hierarchy node with the fields the reports read (reports-spec.md §2.2) plus Sunbird's usual ones. */
export interface HierarchyNode {
  identifier: string;
  name: string;
  objectType: string;
  contentType?: string;
  primaryCategory: string;
  mimeType: string;
  visibility: string;
  depth: number;
  index: number;
  parent?: string;
  children?: HierarchyNode[];
}

export interface ContentTree {
  units: HierarchyNode[];
  leafIds: string[];
  /** Leaves a learner can attempt: SelfAssess content and every QuestionSet, qualifying or not. */
  assessmentIds: string[];
  /** The default qualifying rule (SelfAssess, or QuestionSet + "Practice Question Set"), §5.3.3. */
  qualifyingIds: string[];
}

const COLLECTION_MIME = "application/vnd.ekstep.content-collection";

type LeafKind = "video" | "pdf" | "selfAssess" | "practiceSet" | "otherSet";

// "otherSet" is a QuestionSet of a category the deployed config does not count: a decoy for the qualifying rule.
const LEAF_SHAPES: Record<LeafKind, Omit<HierarchyNode, "identifier" | "name" | "visibility" | "depth" | "index">> = {
  video: { objectType: "Content", contentType: "Resource", primaryCategory: "Explanation Content", mimeType: "video/mp4" },
  pdf: { objectType: "Content", contentType: "Resource", primaryCategory: "Learning Resource", mimeType: "application/pdf" },
  selfAssess: { objectType: "Content", contentType: "SelfAssess", primaryCategory: "Course Assessment", mimeType: "application/vnd.ekstep.ecml-archive" },
  practiceSet: { objectType: "QuestionSet", primaryCategory: "Practice Question Set", mimeType: "application/vnd.sunbird.questionset" },
  otherSet: { objectType: "QuestionSet", primaryCategory: "Exam Question Set", mimeType: "application/vnd.sunbird.questionset" },
};

const LEAF_KINDS: readonly LeafKind[] = ["video", "video", "video", "video", "pdf", "pdf", "pdf", "selfAssess", "practiceSet", "otherSet"];

export const contentId = (rng: Rng): string => `do_${rng.pick(["2131", "2134", "1130"])}${rng.digits(15)}`;

/**
 * Units (depth 1), some with nested sub-units (depth 2), holding leaves. Every tree has at least one SelfAssess,
 * one Practice Question Set and one decoy QuestionSet, so every report path has something to show.
 */
export function contentTree(rng: Rng, rootId: string, topic: string): ContentTree {
  const leaves: { node: HierarchyNode; kind: LeafKind }[] = [];
  const leaf = (kind: LeafKind, parent: string, depth: number, index: number): HierarchyNode => {
    const node = { identifier: contentId(rng), name: `${topic}: ${kind === "video" ? "Video" : kind === "pdf" ? "Reading" : "Quiz"} ${leaves.length + 1}`, ...LEAF_SHAPES[kind], visibility: "Default", depth, index, parent };
    leaves.push({ node, kind });
    return node;
  };
  const unit = (name: string, parent: string, depth: number, index: number): HierarchyNode => ({
    identifier: contentId(rng), name, objectType: "Collection", contentType: "CourseUnit", primaryCategory: "Course Unit",
    mimeType: COLLECTION_MIME, visibility: "Parent", depth, index, parent, children: [],
  });

  const unitCount = rng.int(2, 4);
  const units: HierarchyNode[] = [];
  for (let u = 0; u < unitCount; u++) {
    const node = unit(`Unit ${u + 1}`, rootId, 1, u + 1);
    const children: HierarchyNode[] = [];
    const forced: LeafKind[] = u === 0 ? ["selfAssess"] : u === unitCount - 1 ? ["practiceSet", "otherSet"] : [];
    for (const kind of forced) children.push(leaf(kind, node.identifier, 2, children.length + 1));
    for (let i = rng.int(1, 3); i > 0; i--) children.push(leaf(rng.pick(LEAF_KINDS), node.identifier, 2, children.length + 1));
    if (rng.chance(0.4)) {
      const sub = unit(`Unit ${u + 1}.1`, node.identifier, 2, children.length + 1);
      sub.children = Array.from({ length: rng.int(1, 3) }, (_, i) => leaf(rng.pick(LEAF_KINDS), sub.identifier, 3, i + 1));
      children.push(sub);
    }
    node.children = children;
    units.push(node);
  }
  const ids = (pred: (k: LeafKind) => boolean): string[] => leaves.filter((l) => pred(l.kind)).map((l) => l.node.identifier);
  return {
    units,
    leafIds: ids(() => true),
    assessmentIds: ids((k) => k === "selfAssess" || k === "practiceSet" || k === "otherSet"),
    qualifyingIds: ids((k) => k === "selfAssess" || k === "practiceSet"),
  };
}

export const COLLECTION_ROOT_SHAPE = { objectType: "Collection", contentType: "Course", primaryCategory: "Course", mimeType: COLLECTION_MIME, visibility: "Default" } as const;
