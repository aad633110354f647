import { describe, expect, it } from "vitest";
import { compareCodePoints } from "../../../../runner/format/code-point-order.ts";

describe("compareCodePoints", () => {
  it("ASCII ids -> ordinary order, upper case before lower case", () => {
    expect(["do_b", "do_B", "do_a", "do_10", "do_2"].sort(compareCodePoints)).toEqual(["do_10", "do_2", "do_B", "do_a", "do_b"]);
  });
  it("astral character sorts after U+FFFD, unlike UTF-16 order", () => {
    const astral = "\u{1F600}";
    const high = "\uFFFD";
    expect([astral, high].sort()).toEqual([astral, high]);
    expect([astral, high].sort(compareCodePoints)).toEqual([high, astral]);
  });
  it("prefix -> first", () => expect(compareCodePoints("do_1", "do_12")).toBeLessThan(0));
  it("equal -> 0", () => expect(compareCodePoints("x\u{1F600}", "x\u{1F600}")).toBe(0));
});
