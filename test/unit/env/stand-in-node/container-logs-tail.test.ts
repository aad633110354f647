import { describe, expect, it } from "vitest";
import { lastLines } from "../../../env/stand-in-node/container-logs-server.ts";

describe("lastLines (the stand-in kubelet's tailLines)", () => {
  const cases = [
    { name: "2 of 3 newline-ended lines -> the last 2, still newline-ended", text: "a\nb\nc\n", lines: 2, want: "b\nc\n" },
    { name: "more lines asked than there are -> the whole log", text: "a\nb\n", lines: 10, want: "a\nb\n" },
    { name: "a last line without a newline counts as a line", text: "a\nb\nc", lines: 1, want: "c" },
    { name: "tailLines 0 -> nothing", text: "a\nb\n", lines: 0, want: "" },
    { name: "empty log -> empty", text: "", lines: 3, want: "" },
  ];
  for (const c of cases) it(c.name, () => expect(lastLines(c.text, c.lines)).toBe(c.want));
});
