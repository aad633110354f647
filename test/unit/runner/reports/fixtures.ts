import { parseHierarchy } from "../../../../runner/reports/hierarchy.ts";
import type { Batch, CachedUser, Enrolment } from "../../../../runner/reports/model.ts";
import { newRowContext } from "../../../../runner/reports/row-context.ts";

// Shared plain-data fixtures for the row-builder tests.

export const collection = parseHierarchy("do_course", JSON.stringify({
  identifier: "do_course", name: " Maths, Part 1 ", channel: "org-1", status: "Live", userConsent: "Yes", leafNodesCount: 4,
  children: [{ identifier: "do_qs", name: "Quiz 1", objectType: "QuestionSet", primaryCategory: "Practice Question Set" }],
}));

export const batch: Batch = { batchId: "b-001", courseId: "do_course", name: "January batch", status: 1 };

export const ctx = newRowContext(collection, batch, "Asia/Kolkata");

export const enrolment = (overrides: Partial<Enrolment> = {}): Enrolment => ({
  userId: "user-1", courseId: "do_course", batchId: "b-001", active: true,
  enrolledDate: new Date("2024-01-10T20:00:00Z"), enrolledDateLegacy: null, completedOn: null,
  contentStatus: null, certificates: null, issuedCertificates: null, ...overrides,
});

export const cachedUser: CachedUser = {
  firstname: "Leela", lastname: "", email: "leela@example.com", phone: "9876543210", rootorgid: "org-1",
  orgname: "Org One", state: "Karnataka", district: "Bengaluru Urban", block: "North", cluster: "C1",
  schoolname: "GHS North", schooludisecode: "29200100101", board: "CBSE", usertype: "teacher", usersubtype: "hm",
};
