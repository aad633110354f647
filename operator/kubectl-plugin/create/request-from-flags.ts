import type { z } from "zod";
import { EXHAUST_API_VERSION, EXHAUST_REQUEST_KIND, exhaustRequestSchema } from "../../../crds/exhaust-request.ts";
import type { ExhaustRequestInput, Report } from "../../../crds/exhaust-request.ts";

/** `create`'s flags as commander parsed them; every value is still the text the user typed. */
export interface CreateFlags {
  report: string;
  namespace: string;
  collection?: string;
  batches?: string;
  allBatches?: boolean;
  status?: string;
  passwordSecret?: string;
  name?: string;
  requestedBy?: string;
  channel?: string;
  requestId?: string;
}

/** One thing wrong with the command line, named by the flag that has to change. */
export interface FlagProblem {
  flag: string;
  message: string;
}

export type BuiltRequest = { ok: true; request: ExhaustRequestInput } | { ok: false; problems: FlagProblem[] };

/** course_batch.status by name, as `--status` accepts it besides the numbers. */
const BATCH_STATUS_NAMES: Readonly<Record<string, 0 | 1 | 2>> = { upcoming: 0, ongoing: 1, ended: 2, "0": 0, "1": 1, "2": 2 };

/** The password's Secret key when `--password-secret` names only the Secret (the examples' Secrets use it). */
export const DEFAULT_PASSWORD_KEY = "password";

// Schema paths (joined with ".") and the flag that sets them; the longest matching prefix wins.
const FLAG_OF_PATH: readonly (readonly [string, string])[] = [
  ["metadata.name", "--name"],
  ["spec.report", "<report>"],
  ["spec.collectionId", "--collection"],
  ["spec.batches.ids", "--batches"],
  ["spec.batches.all", "--status"],
  ["spec.batches", "--batches/--all-batches"],
  ["spec.password", "--password-secret"],
  ["spec.requestedBy", "--requested-by"],
  ["spec.requestedChannel", "--channel"],
  ["spec.requestId", "--request-id"],
];

/** The flag that sets the field a schema issue is about, or the field's path when no flag sets it. */
export function flagOfPath(path: readonly PropertyKey[]): string {
  const joined = path.map(String).join(".");
  const match = FLAG_OF_PATH.filter(([prefix]) => joined === prefix || joined.startsWith(`${prefix}.`)).sort((a, b) => b[0].length - a[0].length)[0];
  return match?.[1] ?? (joined || "(the request)");
}

const splitList = (text: string): string[] => text.split(",").map((s) => s.trim()).filter((s) => s !== "");

function parseStatuses(text: string): { statuses?: (0 | 1 | 2)[]; problem?: FlagProblem } {
  const words = splitList(text.toLowerCase());
  const unknown = words.filter((w) => BATCH_STATUS_NAMES[w] === undefined);
  if (words.length === 0 || unknown.length > 0) {
    const what = unknown.length > 0 ? `unknown status ${unknown.map((w) => `"${w}"`).join(", ")}` : "no status given";
    return { problem: { flag: "--status", message: `${what}: use upcoming, ongoing, ended (or 0, 1, 2), comma-separated` } };
  }
  return { statuses: [...new Set(words.map((w) => BATCH_STATUS_NAMES[w] as 0 | 1 | 2))] };
}

function parsePasswordSecret(text: string): { ref?: { name: string; key: string }; problem?: FlagProblem } {
  const parts = text.split("/");
  const [name = "", key = DEFAULT_PASSWORD_KEY] = parts;
  if (parts.length > 2 || name === "" || key === "") {
    return { problem: { flag: "--password-secret", message: `"${text}" is not SECRET/KEY (or SECRET, meaning key "${DEFAULT_PASSWORD_KEY}")` } };
  }
  return { ref: { name, key } };
}

type Selection = ExhaustRequestInput["spec"]["batches"];

function batchSelectionOf(flags: CreateFlags): { batches?: Selection; problems: FlagProblem[] } {
  if (flags.batches !== undefined && flags.allBatches === true) {
    return { problems: [{ flag: "--batches/--all-batches", message: "give either --batches a,b or --all-batches, not both" }] };
  }
  if (flags.batches === undefined && flags.allBatches !== true) {
    return { problems: [{ flag: "--batches/--all-batches", message: "say which batches: --batches a,b or --all-batches (optionally with --status)" }] };
  }
  if (flags.batches !== undefined) {
    if (flags.status !== undefined) return { problems: [{ flag: "--status", message: "--status filters --all-batches; with --batches list the batches you want" }] };
    return { batches: { ids: splitList(flags.batches) }, problems: [] };
  }
  if (flags.status === undefined) return { batches: { all: {} }, problems: [] };
  const { statuses, problem } = parseStatuses(flags.status);
  return problem === undefined ? { batches: { all: { statuses } }, problems: [] } : { problems: [problem] };
}

const issueProblem = (issue: z.core.$ZodIssue): FlagProblem => ({ flag: flagOfPath(issue.path), message: issue.message });

/**
 * The ExhaustRequest `create` sends (or prints with --dry-run), validated with the same zod schema the CRD is
 * generated from, so what would be rejected is reported here, by flag, before anything is sent. Without --name
 * the API server names it (generateName `<report>-`). Defaults the schema fills in are left out of the object,
 * so a printed request holds only what was asked for.
 */
export function requestFromFlags(flags: CreateFlags): BuiltRequest {
  const problems: FlagProblem[] = [];
  const selection = batchSelectionOf(flags);
  problems.push(...selection.problems);
  const password = flags.passwordSecret === undefined ? {} : parsePasswordSecret(flags.passwordSecret);
  if (password.problem !== undefined) problems.push(password.problem);
  if (flags.collection === undefined) problems.push({ flag: "--collection", message: "is required: the collection (course) id, e.g. do_1130928636168192001667" });
  if (flags.channel === undefined) problems.push({ flag: "--channel", message: "is required: the requesting org's channel id (job_request.requested_channel)" });
  if (flags.requestedBy === undefined) problems.push({ flag: "--requested-by", message: "is required: the requesting user's id (it defaults to the kubeconfig user when there is one)" });
  if (problems.length > 0) return { ok: false, problems };

  const request = {
    apiVersion: EXHAUST_API_VERSION,
    kind: EXHAUST_REQUEST_KIND,
    metadata: { ...(flags.name === undefined ? { generateName: `${flags.report}-` } : { name: flags.name }), namespace: flags.namespace },
    spec: {
      report: flags.report as Report,
      collectionId: flags.collection ?? "",
      batches: selection.batches ?? {},
      requestedBy: flags.requestedBy ?? "",
      requestedChannel: flags.channel ?? "",
      ...(flags.requestId === undefined ? {} : { requestId: flags.requestId }),
      ...(password.ref === undefined ? {} : { password: { secretKeyRef: password.ref } }),
    },
  } satisfies ExhaustRequestInput;
  const parsed = exhaustRequestSchema.safeParse(request);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map(issueProblem) };
  return { ok: true, request };
}
