import { describe, expect, it } from "vitest";
import { isUtf8Range } from "../../../../runner/format/utf8-range.ts";

describe("isUtf8Range", () => {
  // Each range sits between bytes that are not UTF-8 (0xff), so a check that looked past it would fail.
  const framed = (bytes: number[]) => Buffer.from([0xff, ...bytes, 0xff]);
  const cases: { name: string; bytes: number[]; want: boolean }[] = [
    { name: "empty -> valid", bytes: [], want: true },
    { name: "ASCII -> valid", bytes: [...Buffer.from("Area, of a \"circle\"?")], want: true },
    { name: "two- and three-byte characters -> valid", bytes: [...Buffer.from("café ಕನ್ನಡ")], want: true },
    { name: "a four-byte character -> valid", bytes: [...Buffer.from("😀")], want: true },
    { name: "a lone continuation byte -> invalid", bytes: [0x61, 0x80, 0x62], want: false },
    { name: "a truncated character -> invalid", bytes: [0x61, 0xe0, 0xb2], want: false },
    { name: "an overlong encoding of '/' -> invalid", bytes: [0xc0, 0xaf], want: false },
    { name: "an encoded surrogate -> invalid", bytes: [0xed, 0xa0, 0x80], want: false },
  ];
  it.each(cases)("$name", ({ bytes, want }) => expect(isUtf8Range(framed(bytes), 1, 1 + bytes.length)).toBe(want));
});
