import { describe, expect, it } from "vitest";
import { expandVars, lookupIn } from "../../../env/stand-in-node/expand-vars.ts";

const vars = { A: "alpha", B: "beta", EMPTY: "", NESTED: "$(A)" };

describe("expandVars", () => {
  const cases: { name: string; input: string; want: string }[] = [
    { name: "plain text is unchanged", input: "hello", want: "hello" },
    { name: "a known reference expands", input: "$(A)", want: "alpha" },
    { name: "references inside text expand", input: "x-$(A)-$(B)-y", want: "x-alpha-beta-y" },
    { name: "an unknown reference stays literal", input: "$(NOPE)", want: "$(NOPE)" },
    { name: "an empty value expands to nothing", input: "[$(EMPTY)]", want: "[]" },
    { name: "$$ escapes a dollar", input: "$$", want: "$" },
    { name: "$$(A) is an escaped reference", input: "$$(A)", want: "$(A)" },
    { name: "$$$(A) is a dollar then a reference", input: "$$$(A)", want: "$alpha" },
    { name: "a lone trailing dollar stays", input: "cost$", want: "cost$" },
    { name: "a dollar before another character stays", input: "$A and $x", want: "$A and $x" },
    { name: "an unterminated reference stays", input: "$(A", want: "$(A" },
    { name: "an unterminated reference after a good one", input: "$(A)$(B", want: "alpha$(B" },
    { name: "an empty reference stays literal", input: "$()", want: "$()" },
    { name: "expanded values are not expanded again", input: "$(NESTED)", want: "$(A)" },
    { name: "the reference ends at the first closing paren", input: "$(A))", want: "alpha)" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(expandVars(c.input, lookupIn(vars))).toBe(c.want);
    });
  }
});

describe("lookupIn", () => {
  it("the first map that has the name wins, even with an empty value", () => {
    const lookup = lookupIn({ X: "" }, { X: "second", Y: "y" });
    expect([lookup("X"), lookup("Y"), lookup("Z")]).toEqual(["", "y", undefined]);
  });
  it("inherited object properties are not variables", () => {
    expect(lookupIn({})("toString")).toBeUndefined();
  });
});
