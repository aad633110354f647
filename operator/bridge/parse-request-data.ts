// request_data (Sunbird's datasetConfig) → the batches a row asks for, with the messages Sunbird's jobs write for
// what they refuse (reports-spec.md §3.3; BaseCollectionExhaustJob.scala validateRequest, CollectionConfig).

/** Sunbird's text for a request without a batch selector, and for UserInfo without a key (spelling as coded). */
export const NO_SELECTOR_MESSAGE = "Request should have either of batchId, batchFilter, searchFilter or encrption key";
export const SEARCH_FILTER_MESSAGE = "searchFilter is not supported by the exhaust operator: request the batches with batchId or batchFilter";
/** Sunbird prefixes an exception's text with this and keeps at most 250 of its characters (maxErrorMessageLength). */
export const internalError = (detail: string): string => `Internal Server Error: ${detail.slice(0, 250)}`;

export type RequestedBatches =
  /** batchIds: de-duplicated, in the order given; given: the list's length as given (the batch limit counts it). */
  | { kind: "batches"; batchIds: string[]; given: number }
  | { kind: "searchFilter" }
  | { kind: "none" }
  | { kind: "invalid"; message: string };

// Jackson turns a JSON number or boolean into the text Sunbird's String field then holds.
const asText = (value: unknown): string | undefined => (typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined);

/**
 * batchId wins over batchFilter, and either over searchFilter. A present batchId, even "", is the selection (an
 * empty id then finds nothing: `No data found`). A null value counts as absent, as Option does. A batchFilter that
 * is not an array, or request_data that is not a JSON object, is the exception Sunbird reports as an internal error.
 */
export function parseRequestData(text: string | null): RequestedBatches {
  let data: unknown;
  try {
    data = text === null ? null : JSON.parse(text);
  } catch {
    return { kind: "invalid", message: internalError("request_data is not valid JSON") };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { kind: "invalid", message: internalError("request_data is not a JSON object") };
  const { batchId, batchFilter, searchFilter } = data as Record<string, unknown>;
  if (batchId !== undefined && batchId !== null) {
    const id = asText(batchId);
    return id === undefined ? { kind: "invalid", message: internalError("batchId is not a string") } : { kind: "batches", batchIds: [id], given: 1 };
  }
  if (batchFilter !== undefined && batchFilter !== null) {
    if (!Array.isArray(batchFilter)) return { kind: "invalid", message: internalError("batchFilter is not a JSON array") };
    const ids = batchFilter.map(asText);
    if (ids.some((id) => id === undefined)) return { kind: "invalid", message: internalError("batchFilter holds a value that is not a string") };
    return { kind: "batches", batchIds: [...new Set(ids as string[])], given: ids.length };
  }
  if (searchFilter !== undefined && searchFilter !== null) return { kind: "searchFilter" };
  return { kind: "none" };
}
