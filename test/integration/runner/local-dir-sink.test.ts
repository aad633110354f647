import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidConfigurationError } from "../../../runner/outcome/errors.ts";
import { localDirSink } from "../../../runner/sinks/local-dir.ts";

// The local-directory sink writes reports (PII) for terminal use: owner-only files and directories, and never a
// file outside the chosen directory whatever the key prefix says.

describe("local directory sink", () => {
  let base: string;
  let outputDir: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), "local-sink-"));
    outputDir = join(base, "out");
  });
  afterEach(async () => rm(base, { recursive: true, force: true }));

  it("writes the object with mode 0600 under directories it creates with mode 0700", async () => {
    const { uri } = await localDirSink(outputDir).put("progress-exhaust/REQ/B1_progress_20240131.csv", Readable.from(["a,b\r\n"]), "text/csv");
    const file = join(outputDir, "progress-exhaust/REQ/B1_progress_20240131.csv");
    expect(uri).toBe(`file://${file}`);
    expect(await readFile(file, "utf8")).toBe("a,b\r\n");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    for (const dir of [outputDir, join(outputDir, "progress-exhaust"), join(outputDir, "progress-exhaust/REQ")]) expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  const escaping = [
    { name: "a prefix climbing out with ../", key: "../escaped/progress-exhaust/REQ/B1.csv" },
    { name: "a prefix climbing out deeper inside the key", key: "a/../../escaped.csv" },
    { name: "an absolute key", key: `${tmpdir()}/escaped-absolute.csv` },
  ];
  for (const c of escaping) {
    it(`refuses ${c.name} as a configuration error and writes nothing`, async () => {
      await expect(localDirSink(outputDir).put(c.key, Readable.from(["x"]), "text/csv")).rejects.toBeInstanceOf(InvalidConfigurationError);
      expect(await readdir(base)).toEqual([]);
    });
  }
});
