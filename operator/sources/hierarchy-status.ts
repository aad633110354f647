/**
 * The root status of a content_hierarchy document (D12), or null when the document is missing, is not JSON or has
 * no string status: the plan then ends the collection's batches with `No data found`.
 */
export function hierarchyStatus(hierarchy: string | null | undefined): string | null {
  if (hierarchy === null || hierarchy === undefined || hierarchy === "") return null;
  try {
    const root: unknown = JSON.parse(hierarchy);
    const status = typeof root === "object" && root !== null ? (root as { status?: unknown }).status : undefined;
    return typeof status === "string" ? status : null;
  } catch {
    return null;
  }
}
