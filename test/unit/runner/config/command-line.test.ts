import { describe, expect, it } from "vitest";
import { flagValueOf, readCommandLine } from "../../../../runner/command-line.ts";

describe("readCommandLine: a malformed command line names the real position and the flag", () => {
  const cases = [
    { name: "unknown flag first -> argument 1", argv: ["--nope", "--report", "progress"], problem: "unknown option at argument 1 (not shown); --help lists the flags" },
    { name: "unknown flag after a --flag value pair -> argument 3, the value counted", argv: ["--report", "progress", "--nope", "1", "--batch-ids", "b1"], problem: "unknown option at argument 3 (not shown); --help lists the flags" },
    { name: "unknown flag after a --flag=value -> argument 2", argv: ["--report=progress", "--nope"], problem: "unknown option at argument 2 (not shown); --help lists the flags" },
    { name: "unknown flag last -> argument 4", argv: ["--report=progress", "--batch-ids", "b1", "--nope=x"], problem: "unknown option at argument 4 (not shown); --help lists the flags" },
    {
      name: "stray value after a --flag value pair -> its position and the flag before it",
      argv: ["--report", "progress", "stray", "--batch-ids", "b1"],
      problem: "unexpected positional argument at argument 3 after --report (value not shown); flags take --name=value or --name value",
    },
    {
      name: "stray value after an empty --flag= -> its position and that flag",
      argv: ["--batch-ids=b1", "--zip-password=", "hunter2"],
      problem: "unexpected positional argument at argument 3 after --zip-password (value not shown); flags take --name=value or --name value",
    },
    {
      name: "stray value first -> argument 1, no flag before it",
      argv: ["hunter2", "--report", "progress"],
      problem: "unexpected positional argument at argument 1 (value not shown); flags take --name=value or --name value",
    },
    {
      name: "value after -- -> its position after the terminator",
      argv: ["--report=progress", "--", "hunter2"],
      problem: "unexpected positional argument at argument 3 after -- (value not shown); flags take --name=value or --name value",
    },
    { name: "missing value last -> that flag and its position", argv: ["--report", "progress", "--batch-ids"], problem: "--batch-ids at argument 3 is missing its value (a value starting with - needs --batch-ids=value)" },
    {
      name: "missing value in the middle (the next argument is a flag) -> that flag and its position",
      argv: ["--request-id", "R1", "--report", "--batch-ids", "b1"],
      problem: "--report at argument 3 is missing its value (a value starting with - needs --report=value)",
    },
    { name: "a mistyped flag -> its position and the flag it likely meant", argv: ["--report", "progress", "--request-id", "R1", "--batch-id", "b1"], problem: "unknown option at argument 5 (not shown); did you mean --batch-ids?" },
    {
      name: "a mistyped secret flag -> the secret's env var, never a flag",
      argv: ["--report=progress", "--zip-pasword=hunter2"],
      problem: "unknown option at argument 2 (not shown); did you mean env EXHAUST_ZIP_PASSWORD? (secrets are env only)",
    },
    { name: "a value given to --help -> named", argv: ["--report=progress", "--help=yes"], problem: "--help at argument 2 takes no value" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(readCommandLine(c.argv)).toEqual({ ok: false, problem: c.problem });
    });
  }
});

describe("readCommandLine: a well-formed command line", () => {
  const cases = [
    { name: "--flag value and --flag=value -> both read", argv: ["--report", "progress", "--batch-ids=b1,b2"], expect: { ok: true, help: false, flags: { report: "progress", "batch-ids": "b1,b2" } } },
    { name: "a value containing = -> kept whole", argv: ["--termination-message-path=/tmp/a=b"], expect: { ok: true, help: false, flags: { "termination-message-path": "/tmp/a=b" } } },
    { name: "--help alone -> help", argv: ["--help"], expect: { ok: true, help: true, flags: {} } },
    { name: "-h -> help", argv: ["-h"], expect: { ok: true, help: true, flags: {} } },
    { name: "--help among flags -> help, flags still read", argv: ["--report", "progress", "--help"], expect: { ok: true, help: true, flags: { report: "progress" } } },
    { name: "nothing -> no flags", argv: [], expect: { ok: true, help: false, flags: {} } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(readCommandLine(c.argv)).toEqual(c.expect);
    });
  }
});

describe("flagValueOf", () => {
  const cases = [
    { name: "--flag value on a malformed line -> the value", argv: ["--nope", "--log-level", "debug"], expect: "debug" },
    { name: "--flag=value -> the value", argv: ["--log-level=warn", "stray"], expect: "warn" },
    { name: "an empty value -> absent", argv: ["--log-level="], expect: undefined },
    { name: "the flag's name as another flag's value -> absent", argv: ["--report=--log-level"], expect: undefined },
    { name: "not given -> absent", argv: ["--report", "progress"], expect: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(flagValueOf(c.argv, "log-level")).toBe(c.expect);
    });
  }
});
