// The kubelet's termination message rules: the file's content up to 4096 bytes; with FallbackToLogsOnError and an
// empty file on a failed container, the last 80 lines of the log, at most 2048 bytes.
//
// Containers cannot write to an absolute terminationMessagePath (default /dev/termination-log) on this node, so the
// stand-in gives every process TERMINATION_MESSAGE_PATH=<podDir>/<container>.termination-log and reads that file.
// Programs (the runner) write there when the variable is set, else to their terminationMessagePath.

export const MAX_MESSAGE_BYTES = 4096;
export const MAX_LOG_LINES = 80;
export const MAX_LOG_BYTES = 2048;

/** The last `maxBytes` bytes of a UTF-8 text, without a broken first character. */
function tailBytes(text: string, maxBytes: number): string {
  const buf = Buffer.from(text, "utf8");
  if (buf.length <= maxBytes) return text;
  let start = buf.length - maxBytes;
  while (start < buf.length && ((buf[start] ?? 0) & 0xc0) === 0x80) start++;
  return buf.subarray(start).toString("utf8");
}

/** The first `maxBytes` bytes of a file's content, as the kubelet reads it. */
const headBytes = (content: Buffer, maxBytes: number): string => content.subarray(0, maxBytes).toString("utf8");

export interface MessageInput {
  policy: string | undefined; // "File" (default) or "FallbackToLogsOnError"
  file: Buffer | undefined;
  /** The end of the container's log (enough bytes for 80 lines / 2048 bytes). */
  logTail: string | undefined;
  exitCode: number;
}

/** state.terminated.message, or undefined when there is none. */
export function terminationMessage(input: MessageInput): string | undefined {
  if (input.file && input.file.length > 0) return headBytes(input.file, MAX_MESSAGE_BYTES);
  if (input.policy !== "FallbackToLogsOnError" || input.exitCode === 0 || !input.logTail) return undefined;
  const lines = input.logTail.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const tail = tailBytes(lines.slice(-MAX_LOG_LINES).join("\n"), MAX_LOG_BYTES);
  return tail === "" ? undefined : tail;
}
