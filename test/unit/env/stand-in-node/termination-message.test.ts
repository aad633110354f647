import { describe, expect, it } from "vitest";
import { terminationMessage, type MessageInput } from "../../../env/stand-in-node/termination-message.ts";

const lines = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n") + "\n";

describe("terminationMessage", () => {
  const cases: { name: string; input: MessageInput; want: string | undefined }[] = [
    { name: "the file's content", input: { policy: undefined, file: Buffer.from('{"ok":true}'), logTail: "log", exitCode: 0 }, want: '{"ok":true}' },
    { name: "the file wins over logs on error", input: { policy: "FallbackToLogsOnError", file: Buffer.from("manifest"), logTail: "boom", exitCode: 1 }, want: "manifest" },
    { name: "the file is cut at 4096 bytes", input: { policy: "File", file: Buffer.alloc(5000, "a"), logTail: undefined, exitCode: 0 }, want: "a".repeat(4096) },
    { name: "no file, policy File -> none", input: { policy: "File", file: undefined, logTail: "boom", exitCode: 1 }, want: undefined },
    { name: "an empty file, policy File -> none", input: { policy: "File", file: Buffer.alloc(0), logTail: "boom", exitCode: 1 }, want: undefined },
    { name: "fallback on error -> the log tail", input: { policy: "FallbackToLogsOnError", file: Buffer.alloc(0), logTail: "a\nboom\n", exitCode: 2 }, want: "a\nboom" },
    { name: "fallback on success -> none", input: { policy: "FallbackToLogsOnError", file: undefined, logTail: "fine\n", exitCode: 0 }, want: undefined },
    { name: "fallback with an empty log -> none", input: { policy: "FallbackToLogsOnError", file: undefined, logTail: "", exitCode: 1 }, want: undefined },
    { name: "fallback keeps the last 80 lines", input: { policy: "FallbackToLogsOnError", file: undefined, logTail: lines(100), exitCode: 1 }, want: lines(100).trimEnd().split("\n").slice(20).join("\n") },
    { name: "fallback keeps the last 2048 bytes", input: { policy: "FallbackToLogsOnError", file: undefined, logTail: "x".repeat(3000), exitCode: 1 }, want: "x".repeat(2048) },
    { name: "fallback does not start inside a character", input: { policy: "FallbackToLogsOnError", file: undefined, logTail: "é".repeat(1500), exitCode: 1 }, want: "é".repeat(1024) },
  ];
  for (const c of cases) it(c.name, () => expect(terminationMessage(c.input)).toEqual(c.want));
});
