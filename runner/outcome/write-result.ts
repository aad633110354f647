import { writeFileSync } from "node:fs";
import { encodeTerminationMessage, terminationMessageLimit, type ResultManifest } from "../../crds/runner-contract.ts";

/**
 * Publishes the result: the full manifest as one JSON line on stdout, and its compact form (at most 4096 bytes) in the
 * termination-message file the kubelet reads, when there is one. A file that cannot be written is reported back,
 * never fatal: stdout still carries the result.
 */
export function writeResult(manifest: ResultManifest, terminationMessagePath: string | undefined): { fileError?: string } {
  process.stdout.write(`${JSON.stringify(manifest)}\n`);
  if (terminationMessagePath === undefined) return {};
  try {
    writeFileSync(terminationMessagePath, encodeTerminationMessage(manifest));
    return {};
  } catch (err) {
    return { fileError: err instanceof Error ? err.message : String(err) };
  }
}

/** Without a parsable configuration there is no manifest to write: the message alone goes to the file. */
export function writeConfigError(message: string, terminationMessagePath: string | undefined): void {
  if (terminationMessagePath === undefined) return;
  try {
    writeFileSync(terminationMessagePath, Buffer.from(message).subarray(0, terminationMessageLimit));
  } catch {
    // stderr already carries the message.
  }
}
