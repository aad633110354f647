import { createHash } from "node:crypto";

/** A Job name becomes the `batch.kubernetes.io/job-name` label value, which is capped at 63 characters. */
export const MAX_JOB_NAME_LENGTH = 63;

const HASH_LENGTH = 10;

/** A short, stable hex digest: it names things, it does not protect anything. */
export const shortHash = (text: string, length = HASH_LENGTH): string =>
  createHash("sha256").update(text).digest("hex").slice(0, length);

/** The same set of batch ids always hashes the same, in whatever order it is given. */
export const batchSetHash = (batchIds: readonly string[]): string => shortHash([...batchIds].sort().join(","));

/**
 * `<request>-<hash of the sorted batch ids>-<attempt>`. One batch or scan group and one attempt always give one
 * name, so a crash between "create Job" and "write status" cannot start an attempt twice. The hash lets any batch
 * id fit; a request name too long for the rest (admission caps it at 40) is cut and given a hash of its own.
 */
export function jobNameFor(requestName: string, batchIds: readonly string[], attempt: number): string {
  const suffix = `-${batchSetHash(batchIds)}-${attempt}`;
  const room = MAX_JOB_NAME_LENGTH - suffix.length;
  if (requestName.length <= room) return `${requestName}${suffix}`;
  const cut = requestName.slice(0, room - 6).replace(/[-.]+$/, "");
  return `${cut}-${shortHash(requestName, 5)}${suffix}`;
}

const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** The `exhaust.sunbird.org/batch` label: the batch id when it is a valid label value, else the set's hash. */
export function batchLabelValue(batchIds: readonly string[]): string {
  const [only] = batchIds;
  return batchIds.length === 1 && only !== undefined && LABEL_VALUE.test(only) ? only : batchSetHash(batchIds);
}

/** Passes a label value through when valid, else replaces it by a hash, so a Job is never rejected for a label. */
export const safeLabelValue = (value: string): string => (LABEL_VALUE.test(value) ? value : shortHash(value));
