import { DEFAULT_SIGNED_URL_EXPIRY_MINUTES, MAX_SIGNED_URL_EXPIRY_MINUTES } from "../../../crds/exhaust-download.ts";

/**
 * `--expires` as kubectl writes durations (`30m`, `2h`, `1h30m`), in whole minutes between 1 and the CRD's bound;
 * the default is Sunbird's 30 minutes. Errors say what is accepted.
 */
export function expiryMinutesOf(flag: string | undefined): { ok: true; minutes: number } | { ok: false; error: string } {
  if (flag === undefined) return { ok: true, minutes: DEFAULT_SIGNED_URL_EXPIRY_MINUTES };
  const parts = /^(?:(\d+)h)?(?:(\d+)m)?$/.exec(flag.trim());
  const bad = { ok: false as const, error: `--expires ${JSON.stringify(flag)}: give a duration in minutes or hours between 1m and ${MAX_SIGNED_URL_EXPIRY_MINUTES / 60}h, e.g. 30m, 2h or 1h30m` };
  if (parts === null || (parts[1] === undefined && parts[2] === undefined)) return bad;
  const minutes = Number(parts[1] ?? 0) * 60 + Number(parts[2] ?? 0);
  return minutes >= 1 && minutes <= MAX_SIGNED_URL_EXPIRY_MINUTES ? { ok: true, minutes } : bad;
}
