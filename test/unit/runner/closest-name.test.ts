import { describe, expect, it } from "vitest";
import { closestName } from "../../../runner/closest-name.ts";

describe("closestName", () => {
  const known = ["report", "request-id", "batch-ids", "batch-request-ids", "s3-bucket", "gcs-bucket", "help", "output-dir"];
  const cases: { name: string; typed: string; known?: string[]; expect: string | undefined }[] = [
    { name: "one letter missing -> that name", typed: "batch-id", expect: "batch-ids" },
    { name: "two neighbouring letters swapped -> that name (one edit)", typed: "reprot", expect: "report" },
    { name: "a dash missing -> that name", typed: "s3bucket", expect: "s3-bucket" },
    { name: "an underscore for a dash -> that name", typed: "output_dir", expect: "output-dir" },
    { name: "exact name -> itself", typed: "help", expect: "help" },
    { name: "two names equally near -> none", typed: "s5-bucket", known: ["s3-bucket", "s4-bucket"], expect: undefined },
    { name: "nothing within two edits -> none", typed: "verbose", expect: undefined },
    { name: "a single letter -> none (every short name would be near)", typed: "x", expect: undefined },
    { name: "a long name three edits away -> allowed by the quarter rule", typed: "batch-reqest-idz", expect: "batch-request-ids" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(closestName(c.typed, c.known ?? known)).toBe(c.expect);
    });
  }
});
