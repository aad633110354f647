import { SECURITY_LEVELS } from "../../crds/runner-contract.ts";
import { invalidSecurityPolicy, NonRetryableError, unknownSecurityLevel } from "../outcome/errors.ts";
import { jobIdOf } from "../reports/report-kind.ts";
import type { ReportKind } from "../reports/report-kind.ts";

// reports-spec §4.8.1: the protection level of a report comes from the tenant preference `dataSecurityPolicy` of the
// requesting org (`data.job.<jobId>.level`, else `data.level`), falling back to org `default`, then PLAIN.

export type SecurityLevel = (typeof SECURITY_LEVELS)[number];

const rank = (level: SecurityLevel) => SECURITY_LEVELS.indexOf(level);
const stricter = (a: SecurityLevel, b: SecurityLevel) => (rank(a) >= rank(b) ? a : b);
const isSecurityLevel = (v: string): v is SecurityLevel => (SECURITY_LEVELS as readonly string[]).includes(v);

/** A tenant_preference_v2 `data` value: the JSON text of the column, the API's parsed object, or null when no row. */
export type PolicyData = string | Record<string, unknown> | null;

export interface LevelInput {
  report: ReportKind;
  requestedOrg: string;
  orgPolicy: PolicyData;
  defaultPolicy: PolicyData;
  /** A level the request asks for; it can only make protection stricter. */
  requestedLevel?: SecurityLevel;
}

/**
 * The effective level. A policy that is not JSON, or names an unknown level, fails the batch rather than silently
 * writing a weaker file. An empty level (Sunbird: no protection) counts as PLAIN. UserInfo never goes below
 * PASSWORD_PROTECTED (D1).
 */
export function effectiveSecurityLevel(input: LevelInput): SecurityLevel {
  const jobId = jobIdOf(input.report);
  const fromOrg = input.orgPolicy === null ? undefined : policyLevel(input.orgPolicy, jobId, input.requestedOrg);
  const fromDefault = input.defaultPolicy === null ? undefined : policyLevel(input.defaultPolicy, jobId, "default");
  let level: SecurityLevel = fromOrg ?? fromDefault ?? "PLAIN_DATASET";
  if (input.report === "userinfo") level = stricter(level, "PASSWORD_PROTECTED_DATASET");
  if (input.requestedLevel !== undefined) level = stricter(level, input.requestedLevel);
  return level;
}

function policyLevel(data: Exclude<PolicyData, null>, jobId: string, orgId: string): SecurityLevel {
  let policy: unknown = data;
  if (typeof data === "string") {
    try {
      policy = JSON.parse(data);
    } catch {
      throw new NonRetryableError(invalidSecurityPolicy(orgId));
    }
  }
  if (!isRecord(policy)) throw new NonRetryableError(invalidSecurityPolicy(orgId));
  const job = isRecord(policy.job) ? policy.job[jobId] : undefined;
  const jobLevel = isRecord(job) && typeof job.level === "string" ? job.level : "";
  const globalLevel = typeof policy.level === "string" ? policy.level : "";
  const level = jobLevel !== "" ? jobLevel : globalLevel;
  if (level === "") return "PLAIN_DATASET";
  if (!isSecurityLevel(level)) throw new NonRetryableError(unknownSecurityLevel(orgId, level));
  return level;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The Secret a level needs, if any (§4.8.2). */
export function secretNeeded(level: SecurityLevel): "password" | "textKey" | null {
  if (level === "PASSWORD_PROTECTED_DATASET") return "password";
  if (level === "TEXT_KEY_ENCRYPTED_DATASET") return "textKey";
  return null;
}

/** Plain `.csv` only when the effective level is PLAIN and plain output was chosen; otherwise always `.zip`. */
export const outputExtension = (level: SecurityLevel, preferred: "zip" | "csv"): "zip" | "csv" =>
  level === "PLAIN_DATASET" && preferred === "csv" ? "csv" : "zip";
