import { describe, expect, it } from "vitest";
import type { CollectionState } from "../../../../../operator/requests/plan/accept-batches.ts";
import { hierarchyStatus } from "../../../../../operator/requests/store-reads/hierarchy-status.ts";

describe("hierarchyStatus", () => {
  const cases: { name: string; hierarchy: string | null | undefined; expected: CollectionState }[] = [
    { name: "a Live root -> Live", hierarchy: JSON.stringify({ identifier: "do_1", status: "Live", children: [] }), expected: { status: "Live" } },
    { name: "a Retired root -> Retired", hierarchy: JSON.stringify({ status: "Retired" }), expected: { status: "Retired" } },
    { name: "missing row -> no status", hierarchy: null, expected: { status: null } },
    { name: "no status -> no status", hierarchy: JSON.stringify({ identifier: "do_1" }), expected: { status: null } },
    { name: "a non-string status -> no status", hierarchy: JSON.stringify({ status: 2 }), expected: { status: null } },
    { name: "empty document -> invalid", hierarchy: "", expected: { invalid: true } },
    { name: "not JSON -> invalid", hierarchy: "{not json", expected: { invalid: true } },
    { name: "a JSON array -> invalid", hierarchy: "[]", expected: { invalid: true } },
    { name: "a JSON scalar -> invalid", hierarchy: "2", expected: { invalid: true } },
    { name: "JSON null -> invalid", hierarchy: "null", expected: { invalid: true } },
  ];
  it.each(cases)("$name", ({ hierarchy, expected }) => expect(hierarchyStatus(hierarchy)).toEqual(expected));
});
