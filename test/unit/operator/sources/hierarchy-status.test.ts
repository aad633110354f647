import { describe, expect, it } from "vitest";
import { hierarchyStatus } from "../../../../operator/sources/hierarchy-status.ts";

describe("hierarchyStatus", () => {
  const cases: { name: string; hierarchy: string | null | undefined; expected: string | null }[] = [
    { name: "a Live root -> Live", hierarchy: JSON.stringify({ identifier: "do_1", status: "Live", children: [] }), expected: "Live" },
    { name: "a Retired root -> Retired", hierarchy: JSON.stringify({ status: "Retired" }), expected: "Retired" },
    { name: "missing row -> null", hierarchy: null, expected: null },
    { name: "empty document -> null", hierarchy: "", expected: null },
    { name: "not JSON -> null", hierarchy: "{not json", expected: null },
    { name: "no status -> null", hierarchy: JSON.stringify({ identifier: "do_1" }), expected: null },
    { name: "a non-string status -> null", hierarchy: JSON.stringify({ status: 2 }), expected: null },
  ];
  it.each(cases)("$name", ({ hierarchy, expected }) => expect(hierarchyStatus(hierarchy)).toBe(expected));
});
