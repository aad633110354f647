import type { CollectionState } from "../plan/accept-batches.ts";

/**
 * What a content_hierarchy document says of its collection (D12): the root's status (null when the row is missing
 * or the root has no string status: `No data found`), or invalid when the text is not a JSON object (reports-spec
 * 6.2, as the runner reports it).
 */
export function hierarchyStatus(hierarchy: string | null | undefined): CollectionState {
  if (hierarchy === null || hierarchy === undefined) return { status: null };
  let root: unknown;
  try {
    root = JSON.parse(hierarchy);
  } catch {
    return { invalid: true };
  }
  if (typeof root !== "object" || root === null || Array.isArray(root)) return { invalid: true };
  const status = (root as { status?: unknown }).status;
  return { status: typeof status === "string" ? status : null };
}
