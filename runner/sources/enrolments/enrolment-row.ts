import type { types } from "cassandra-driver";
import type { ContentStatus, Enrolment } from "../../reports/model.ts";

// Progress needs the whole enrolment; the other reports only the keys and the filter columns (§4.3).
const keyColumns = ["userid", "courseid", "batchid", "active", "enrolled_date", "enrolleddate"];
const progressColumns = [...keyColumns, "completedon", "contentstatus", "certificates", "issued_certificates"];

export const enrolmentColumns = (withProgress: boolean): string => (withProgress ? progressColumns : keyColumns).join(", ");

export function toEnrolment(row: types.Row): Enrolment {
  return {
    userId: row.get("userid") as string,
    courseId: row.get("courseid") as string,
    batchId: row.get("batchid") as string,
    active: (row.get("active") as boolean | null) ?? null,
    enrolledDate: (row.get("enrolled_date") as Date | null) ?? null,
    enrolledDateLegacy: (row.get("enrolleddate") as string | null) ?? null,
    completedOn: (row.get("completedon") as Date | null | undefined) ?? null,
    contentStatus: (row.get("contentstatus") as ContentStatus | null | undefined) ?? null,
    certificates: (row.get("certificates") as unknown[] | null | undefined) ?? null,
    issuedCertificates: (row.get("issued_certificates") as unknown[] | null | undefined) ?? null,
  };
}

/** §4.3 filters (Sunbird parity): this collection, active, and some enrolment date present. */
export const isReportable = (e: Enrolment, collectionId: string): boolean =>
  e.courseId === collectionId && e.active === true && (e.enrolledDate !== null || e.enrolledDateLegacy !== null);

/** The reportable enrolments of one page of rows, in page order. */
export function reportableEnrolments(rows: readonly types.Row[], collectionId: string): Enrolment[] {
  const out: Enrolment[] = [];
  for (const row of rows) {
    const enrolment = toEnrolment(row);
    if (isReportable(enrolment, collectionId)) out.push(enrolment);
  }
  return out;
}
