// Failure texts that both the operator and the runner write into status (reports-spec §6, D14). Sunbird's are kept
// verbatim, because the bridge writes them back to job_request.err_message where the portal shows them.

export const NO_DATA_FOUND = "No data found";
export const RETIRED_COLLECTION = "The request is made for retired collection";
export const tooManyBatchesMessage = (limit: number): string => `Number of batches in request exceeded. It should be within ${limit}`;
export const invalidHierarchy = (collectionId: string): string => `Invalid hierarchy for collection ${collectionId}`;
/**
 * D12: the failure of a collection by its content_hierarchy root status (null when the row is missing): none for
 * Live and Unlisted, Sunbird's text for Retired, `No data found` otherwise.
 */
export function collectionStatusProblem(status: string | null): string | undefined {
  if (status === "Live" || status === "Unlisted") return undefined;
  return status === "Retired" ? RETIRED_COLLECTION : NO_DATA_FOUND;
}

export const secretMissing = (name: string, key: string): string => `Secret ${name} not found or missing key ${key}`;
