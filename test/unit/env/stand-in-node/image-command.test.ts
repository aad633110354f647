import { describe, expect, it } from "vitest";
import { containerArgv, imageRepository, parseImageTable, type ImageTable } from "../../../env/stand-in-node/image-command.ts";

describe("imageRepository", () => {
  const cases: { image: string; want: string }[] = [
    { image: "exhaust-runner", want: "exhaust-runner" },
    { image: "exhaust-runner:0.1.0", want: "exhaust-runner" },
    { image: "ghcr.io/org/exhaust-runner:0.1.0", want: "ghcr.io/org/exhaust-runner" },
    { image: "registry:5000/exhaust-runner", want: "registry:5000/exhaust-runner" },
    { image: "registry:5000/exhaust-runner:v2", want: "registry:5000/exhaust-runner" },
    { image: "exhaust-runner@sha256:abcd", want: "exhaust-runner" },
    { image: "org/exhaust-runner:1@sha256:abcd", want: "org/exhaust-runner" },
  ];
  for (const c of cases) it(`${c.image} -> ${c.want}`, () => expect(imageRepository(c.image)).toBe(c.want));
});

describe("containerArgv", () => {
  const table: ImageTable = {
    images: {
      "exhaust-runner": ["node", "runner/main.ts"],
      "exhaust-test/exit-code": ["node", "test/env/images/exit-code.ts"],
      "org/exhaust-runner": ["node", "runner/other.ts"],
      "tools/printer": ["/bin/echo", "--flag/with/slash"],
    },
    commandPaths: { "/app/runner/main.ts": "runner/main.ts", "runner/main.ts": "runner/main.ts" },
  };
  const paths = { repoRoot: "/repo", nodeBinary: "/opt/node24/bin/node" };
  const cases: { name: string; image: string; command?: string[]; args?: string[]; want: string[] | undefined }[] = [
    { name: "no command: prefix with node and repo paths made local, args appended", image: "exhaust-runner:1.0", args: ["--x", "1"], want: ["/opt/node24/bin/node", "/repo/runner/main.ts", "--x", "1"] },
    { name: "no command, no args: just the prefix", image: "exhaust-test/exit-code", want: ["/opt/node24/bin/node", "/repo/test/env/images/exit-code.ts"] },
    { name: "a registry host matches by path suffix", image: "ghcr.io/sunbird/exhaust-runner:2", want: ["/opt/node24/bin/node", "/repo/runner/main.ts"] },
    { name: "the longest matching suffix wins", image: "ghcr.io/org/exhaust-runner", want: ["/opt/node24/bin/node", "/repo/runner/other.ts"] },
    { name: "absolute paths and flags are kept", image: "tools/printer", args: ["hi"], want: ["/bin/echo", "--flag/with/slash", "hi"] },
    { name: "command translated through commandPaths, args unchanged", image: "exhaust-runner", command: ["node", "/app/runner/main.ts"], args: ["a/b"], want: ["/opt/node24/bin/node", "/repo/runner/main.ts", "a/b"] },
    { name: "a WORKDIR-relative command path is translated too", image: "exhaust-runner", command: ["node", "runner/main.ts"], want: ["/opt/node24/bin/node", "/repo/runner/main.ts"] },
    { name: "an untranslated command runs as written, image prefix dropped", image: "exhaust-runner", command: ["sh", "-c", "exit 3"], want: ["sh", "-c", "exit 3"] },
    { name: "an empty command counts as none", image: "exhaust-runner", command: [], args: ["x"], want: ["/opt/node24/bin/node", "/repo/runner/main.ts", "x"] },
    { name: "an unmapped image has no argv (ErrImagePull)", image: "busybox:1.36", want: undefined },
    { name: "a partial name does not match", image: "my-exhaust-runner", want: undefined },
  ];
  for (const c of cases) it(c.name, () => expect(containerArgv(table, c.image, c.command, c.args, paths)).toEqual(c.want));
});

describe("parseImageTable", () => {
  const cases: { name: string; raw: unknown; ok: boolean }[] = [
    { name: "a good table", raw: { images: { a: ["node", "x.ts"] }, commandPaths: { "/app/x": "x" } }, ok: true },
    { name: "without commandPaths", raw: { images: {} }, ok: true },
    { name: "not an object", raw: 3, ok: false },
    { name: "images missing", raw: {}, ok: false },
    { name: "an empty argv", raw: { images: { a: [] } }, ok: false },
    { name: "a non-string argv element", raw: { images: { a: ["node", 1] } }, ok: false },
    { name: "bad commandPaths", raw: { images: {}, commandPaths: { a: 1 } }, ok: false },
  ];
  for (const c of cases) it(c.name, () => expect("error" in parseImageTable(c.raw)).toBe(!c.ok));
});
