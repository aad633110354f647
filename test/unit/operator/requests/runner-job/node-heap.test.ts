import { describe, expect, it } from "vitest";
import { nodeHeapOptions, quantityBytes } from "../../../../../operator/requests/runner-job/node-heap.ts";

describe("quantityBytes", () => {
  const cases: [string, number | undefined][] = [
    ["512Mi", 512 * 2 ** 20],
    ["1Gi", 2 ** 30],
    ["1.5Gi", 1.5 * 2 ** 30],
    ["1G", 1e9],
    ["300M", 3e8],
    ["1048576", 1048576],
    ["64Ki", 65536],
    ["1Xi", undefined],
    ["", undefined],
    ["-1Gi", undefined],
  ];
  for (const [quantity, bytes] of cases) it(`${JSON.stringify(quantity)} -> ${String(bytes)}`, () => expect(quantityBytes(quantity)).toBe(bytes));
});

describe("nodeHeapOptions", () => {
  const cases: { name: string; memory: string; expected: string | undefined }[] = [
    { name: "2Gi limit -> 819 MiB old space", memory: "2Gi", expected: "--max-old-space-size=819 --max-semi-space-size=16" },
    { name: "512Mi limit -> 204 MiB", memory: "512Mi", expected: "--max-old-space-size=204 --max-semi-space-size=16" },
    { name: "a tiny limit still leaves 64 MiB", memory: "100Mi", expected: "--max-old-space-size=64 --max-semi-space-size=16" },
    { name: "an unparseable quantity -> no flags", memory: "lots", expected: undefined },
  ];
  for (const c of cases) it(c.name, () => expect(nodeHeapOptions(c.memory)).toBe(c.expected));
});
