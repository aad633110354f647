import { describe, expect, it } from "vitest";
import { decodeBase64Leniently } from "../../../crds/lenient-base64.ts";

describe("decodeBase64Leniently (commons-codec decodeBase64)", () => {
  const cases: { name: string; input: string; expected: number[] }[] = [
    { name: "standard alphabet with padding", input: "AQID+/8=", expected: [1, 2, 3, 251, 255] },
    { name: "URL-safe alphabet -> same bytes", input: "AQID-_8=", expected: [1, 2, 3, 251, 255] },
    { name: "line breaks and spaces inside -> ignored", input: "AQ\r\nID +/\n8=", expected: [1, 2, 3, 251, 255] },
    { name: "characters outside the alphabet -> ignored", input: "A@Q.I!D", expected: [1, 2, 3] },
    { name: "first '=' ends decoding", input: "AQ==AQID", expected: [1] },
    { name: "dangling single character -> dropped", input: "AQIDB", expected: [1, 2, 3] },
    { name: "non-ASCII characters -> ignored", input: "AQ\u00e9ID", expected: [1, 2, 3] },
    { name: "nothing decodable -> empty", input: "@@@", expected: [] },
  ];
  it.each(cases)("$name", ({ input, expected }) => expect([...decodeBase64Leniently(input)]).toEqual(expected));
});
