// The three course-batch exhausts (reports-spec §1.1): the file key used in object names and Sunbird's job id.
import type { Report } from "../../crds/exhaust-request.ts";

export type ReportKind = Report;

/** `job_request.job_id`, the API `dataset`, and the key under `dataSecurityPolicy.job`. */
export const jobIdOf = (report: ReportKind) => `${report}-exhaust` as const;
