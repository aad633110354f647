import { createHash } from "node:crypto";
import type { Report } from "../../crds/exhaust-request.ts";
import type { Submission } from "./job-request-row.ts";

// Deterministic names: a restart or a second replica plans the same names, so a create that already happened is
// AlreadyExists, never a second request; a resubmission (new dt_job_submitted) gets new names, so it never meets
// the earlier attempt's request.

const hex = (text: string, length: number): string => createHash("sha256").update(text).digest("hex").slice(0, length);

/** `<report>-<12 hex of (tag, request_id, dt_job_submitted)>`: a label value naming every part of one submission. */
export const submissionLabel = (report: Report, s: Submission): string => `${report}-${hex(`${s.tag}\0${s.requestId}\0${s.submittedUs}`, 12)}`;

/**
 * `sb-<submission label>-<6 hex of the collection>`: at most 31 characters (userinfo), a DNS label within the
 * request limit of 40. The Secret with the part's key has the same name.
 */
export const partName = (report: Report, s: Submission, collectionId: string): string => `sb-${submissionLabel(report, s)}-${hex(collectionId, 6)}`;

/** Labels and annotations the bridge puts on what it creates. */
export const BRIDGE_LABEL = "exhaust.sunbird.org/bridge";
export const BRIDGE_LABEL_VALUE = "job-request";
export const SUBMISSION_LABEL = "exhaust.sunbird.org/bridge-submission";
/** Set once the row holds the final result; the bridge stops reading the row for it. */
export const WRITTEN_BACK_LABEL = "exhaust.sunbird.org/bridge-written-back";
/** JSON list of the submissions a request serves, the one it was made for first (§3.5 duplicates share it). */
export const ROWS_ANNOTATION = "exhaust.sunbird.org/bridge-rows";
/** How many requests (one per collection) the submission was split into. */
export const PARTS_ANNOTATION = "exhaust.sunbird.org/bridge-parts";
/** The key inside a part's Secret. */
export const KEY_SECRET_KEY = "encryption-key";
/** On every bridge request, so a deletion by hand waits until the row says FAILED (request-to-row.ts). */
export const WRITE_BACK_FINALIZER = "exhaust.sunbird.org/bridge-write-back";
