import { describe, expect, it } from "vitest";
import type { Enrolment } from "../../../../../runner/reports/model.ts";
import { isReportable } from "../../../../../runner/sources/enrolments/enrolment-row.ts";

const base: Enrolment = {
  userId: "u1", courseId: "do_c1", batchId: "B1", active: true, enrolledDate: new Date("2024-01-15T00:00:00Z"), enrolledDateLegacy: null,
  completedOn: null, contentStatus: null, certificates: null, issuedCertificates: null,
};

describe("isReportable (§4.3 filters)", () => {
  const cases = [
    { name: "active, this collection, enrolled_date -> kept", e: base, expect: true },
    { name: "only the legacy enrolleddate -> kept", e: { ...base, enrolledDate: null, enrolledDateLegacy: "2019-11-15 05:41:50:382+0000" }, expect: true },
    { name: "no enrolment date at all -> dropped", e: { ...base, enrolledDate: null }, expect: false },
    { name: "inactive -> dropped", e: { ...base, active: false }, expect: false },
    { name: "active null -> dropped", e: { ...base, active: null }, expect: false },
    { name: "same batch id under another collection -> dropped", e: { ...base, courseId: "do_other" }, expect: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(isReportable(c.e, "do_c1")).toBe(c.expect);
    });
  }
});
