import { describe, expect, it } from "vitest";
import { targetsBatchId } from "../../../crds/batch-id-index.ts";

describe("targetsBatchId", () => {
  const cases: { name: string; options: Record<string, string> | Map<string, string> | null; want: boolean }[] = [
    { name: "secondary index on batchid (object) -> yes", options: { target: "batchid" }, want: true },
    { name: "quoted target (Map, as the driver may decode it) -> yes", options: new Map([["target", '"batchid"']]), want: true },
    { name: "SAI with its class name -> yes", options: { class_name: "StorageAttachedIndex", target: "batchid" }, want: true },
    { name: "index on another column -> no", options: { target: "status" }, want: false },
    { name: "values() of a collection -> no", options: { target: "values(certificates)" }, want: false },
    { name: "no target -> no", options: {}, want: false },
    { name: "null options -> no", options: null, want: false },
  ];
  it.each(cases)("$name", ({ options, want }) => expect(targetsBatchId(options)).toBe(want));
});
