import { createHash } from "node:crypto";

/** The slot (or, for a runNow run, the moment the token was acted on) as RFC 3339, on every run's request. */
export const SCHEDULED_AT_ANNOTATION = "exhaust.sunbird.org/scheduled-at";
/** The runNow token a run was started for; absent on slot runs. */
export const RUN_NOW_TOKEN_ANNOTATION = "exhaust.sunbird.org/run-now-token";
/** The schedule a run belongs to, for `kubectl get exr -l exhaust.sunbird.org/schedule=<name>`. */
export const SCHEDULE_LABEL = "exhaust.sunbird.org/schedule";

const MINUTE_MS = 60_000;

/**
 * `<schedule>-<unix minutes of the slot>`, CronJob's getJobName: one slot always gives one name, so a crash between
 * "create request" and "write status" cannot start a slot twice. 30 + 1 + 8 characters fit the request limit of 40.
 */
export const slotRequestName = (schedule: string, slotMs: number): string => `${schedule}-${Math.floor(slotMs / MINUTE_MS)}`;

/**
 * `<schedule>-r<first 8 hex digits of sha256(token)>`: the token is the run's identity, so a crash after the create
 * finds the same name. The `r` keeps it apart from slot names, whose suffix is all digits (30 + 2 + 8 = 40).
 */
export const runNowRequestName = (schedule: string, token: string): string =>
  `${schedule}-r${createHash("sha256").update(token).digest("hex").slice(0, 8)}`;

/**
 * The requestId of a slot's run: `<schedule>-<slot as yyyymmddThhmmZ>` (at most 47 characters). It names the output
 * folder, so a request deleted and re-created for the same slot writes to the same object keys.
 */
export const slotRequestId = (schedule: string, slotMs: number): string =>
  `${schedule}-${new Date(slotMs).toISOString().slice(0, 16).replace(/[-:]/g, "")}Z`;
