import { describe, expect, it } from "vitest";
import { terminalFrame } from "../../../../../operator/kubectl-plugin/watch/terminal-frame.ts";

const ESC = "\u001b";

describe("terminalFrame", () => {
  const cases = [
    { name: "first frame -> no cursor movement, erase below, the lines", previous: 0, lines: ["a", "b"], columns: 80, want: `${ESC}[0Ja\nb\n` },
    { name: "a frame of 3 lines before -> up 3, back to column 0, erase, redraw", previous: 3, lines: ["x"], columns: 80, want: `${ESC}[3A\r${ESC}[0Jx\n` },
    { name: "a line wider than the terminal -> clipped with an ellipsis so it cannot wrap", previous: 0, lines: ["abcdefghij"], columns: 6, want: `${ESC}[0Jabcd…\n` },
    { name: "unknown width -> lines as they are", previous: 0, lines: ["abcdefghij"], columns: undefined, want: `${ESC}[0Jabcdefghij\n` },
  ];
  for (const c of cases) it(c.name, () => expect(terminalFrame(c.previous, c.lines, c.columns)).toBe(c.want));
});
