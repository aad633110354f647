import { describe, expect, it } from "vitest";
import { containerLogPath, logTail } from "../../../env/stand-in-node/log-server.ts";

describe("containerLogPath", () => {
  const cases: { name: string; path: string; want: ReturnType<typeof containerLogPath> }[] = [
    { name: "the kubelet's log path -> namespace, pod, container", path: "/containerLogs/ns-a/job-x-abc/runner", want: { namespace: "ns-a", pod: "job-x-abc", container: "runner" } },
    { name: "escaped parts -> decoded", path: "/containerLogs/ns/p%2Dq/c", want: { namespace: "ns", pod: "p-q", container: "c" } },
    { name: "no container -> not a log path", path: "/containerLogs/ns/pod", want: undefined },
    { name: "an escaped slash climbing out of the pods folder -> not a log path", path: "/containerLogs/..%2F..%2Fetc/pod/c", want: undefined },
    { name: "an escaped dot-dot as a whole part -> not a log path", path: "/containerLogs/ns/%2E%2E/c", want: undefined },
    { name: "another kubelet path -> not a log path", path: "/exec/ns/pod/c", want: undefined },
  ];
  it.each(cases)("$name", ({ path, want }) => expect(containerLogPath(path)).toEqual(want));
});

describe("logTail", () => {
  const log = "one\ntwo\nthree\n";
  const cases: { name: string; text: string; tail: number | undefined; want: string }[] = [
    { name: "no tailLines -> the whole log", text: log, tail: undefined, want: log },
    { name: "tailLines 2 -> the last two lines", text: log, tail: 2, want: "two\nthree\n" },
    { name: "more lines asked than written -> the whole log", text: log, tail: 10, want: log },
    { name: "tailLines 0 -> nothing", text: log, tail: 0, want: "" },
    { name: "a last line without newline -> kept, newline added", text: "one\ntwo", tail: 1, want: "two\n" },
    { name: "an empty log -> empty", text: "", tail: 5, want: "" },
  ];
  it.each(cases)("$name", ({ text, tail, want }) => expect(logTail(text, tail)).toBe(want));
});
