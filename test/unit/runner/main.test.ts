import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runnerSettings } from "../../../crds/runner-contract.ts";

// The runner's command line as a user meets it: no store is reached, because both cases end before any client exists.
// A child process loads the SDKs first: seconds on a loaded 2-core machine, hence the longer time limit.
const timeoutMs = 30_000;
const main = new URL("../../../runner/main.ts", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "runner-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: "utf8", env: { PATH: process.env.PATH, TERMINATION_MESSAGE_PATH: join(dir, "termination-log") } });

describe("exhaust-runner command line", () => {
  it("--help -> every flag on stdout, exit 0", () => {
    const result = run(["--help"]);
    expect(result.status).toBe(0);
    for (const s of Object.values(runnerSettings)) expect(result.stdout).toContain(s.secret ? s.env : `--${s.flag}`);
  }, timeoutMs);

  it("an unknown flag after a --flag value pair -> exit 11 naming argument 3, in the termination message too", () => {
    const result = run(["--report", "progress", "--nope", "1"]);
    expect(result.status).toBe(11);
    expect(result.stderr).toContain("invalid command line: unknown option at argument 3 (not shown)");
    expect(readFileSync(join(dir, "termination-log"), "utf8")).toBe("invalid configuration: invalid command line: unknown option at argument 3 (not shown); --help lists the flags");
  }, timeoutMs);
});
