// D1 / reports-spec §4.6: a batch's object is `<prefix><report>-exhaust/<requestId>/<batchId>_<report>_<yyyyMMdd>.<ext>`.
// Shared because both sides act on it: the runner writes and cleans up under it, and the operator signs download URLs
// only for keys of this shape, so a result that names another object (a forged termination message) is refused.

export interface BatchKeyParts {
  /** Undefined when the caller does not know it (the operator): any prefix then matches. */
  prefix?: string;
  report: string;
  requestId: string;
  batchId: string;
}

const tail = ({ report, requestId, batchId }: BatchKeyParts): string => `${report}-exhaust/${requestId}/${batchId}_${report}_`;

/** What every attempt of one batch writes under, whatever its date; unfinished uploads under it may be another batch's. */
export const batchKeyPrefix = (parts: BatchKeyParts & { prefix: string }): string => `${parts.prefix}${tail(parts)}`;

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Whether `key` (or a URI ending in it) is one of this batch's objects: the prefix test alone would also take batch
 * `b1_progress_x`'s objects for batch `b1`'s.
 */
export const isBatchObjectKey = (key: string, parts: BatchKeyParts): boolean =>
  new RegExp(`${parts.prefix === undefined ? "/?" : `^${escaped(parts.prefix)}`}${escaped(tail(parts))}\\d{8}\\.(zip|csv)$`).test(key);
