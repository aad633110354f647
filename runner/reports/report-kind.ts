// The three course-batch exhausts (reports-spec §1.1): the file key used in object names and Sunbird's job id.
export type ReportKind = "userinfo" | "response" | "progress";

/** `job_request.job_id`, the API `dataset`, and the key under `dataSecurityPolicy.job`. */
export const jobIdOf = (report: ReportKind) => `${report}-exhaust` as const;
