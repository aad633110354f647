import type { RequestPhase } from "../../../crds/exhaust-request.ts";

/** The plugin's exit codes, documented in docs/kubectl-plugin.md; scripts (and `--wait` in CI) branch on them. */
export const pluginExitCodes = {
  ok: 0,
  /** The cluster could not be reached, an object is missing, the API refused: the message says which. */
  failed: 1,
  /** A flag or argument is wrong; nothing was sent. */
  usage: 2,
  /** The request ended Failed. */
  requestFailed: 3,
  /** The request ended PartiallySucceeded: some batches have files, some do not. */
  requestPartiallySucceeded: 4,
  /** Ctrl-C (128 + SIGINT), as shells report it. */
  interrupted: 130,
} as const;

const TERMINAL_PHASES: ReadonlySet<RequestPhase> = new Set(["Succeeded", "PartiallySucceeded", "Failed"]);

/** A request whose phase will not change any more. */
export const isFinishedPhase = (phase: RequestPhase | undefined): boolean => phase !== undefined && TERMINAL_PHASES.has(phase);

/** The exit code of `watch` and `create --wait` for the phase a request ended in; an unfinished one is not an end. */
export function exitCodeForPhase(phase: RequestPhase | undefined): number {
  switch (phase) {
    case "Succeeded":
      return pluginExitCodes.ok;
    case "PartiallySucceeded":
      return pluginExitCodes.requestPartiallySucceeded;
    case "Failed":
      return pluginExitCodes.requestFailed;
    default:
      return pluginExitCodes.failed;
  }
}
