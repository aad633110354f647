import { isDeepStrictEqual } from "node:util";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The JSON merge patch (RFC 7386) that turns `from` into `to`: changed keys are set, removed keys become null and
 * nested objects are diffed. A plain merge patch of `to` alone would leave removed fields in place on the server.
 * Arrays are replaced whole, as merge patch always does. Undefined values count as absent, inside arrays too, and key
 * order never counts: values are compared as the JSON the server would store, so an unchanged status gives no patch.
 */
export function mergePatchFor(from: unknown, to: unknown): Json | undefined {
  if (!isPlainObject(from) || !isPlainObject(to)) {
    const target = toJson(to);
    return isDeepStrictEqual(toJson(from), target) ? undefined : target;
  }
  const patch: Record<string, Json> = {};
  for (const [key, value] of Object.entries(to)) {
    if (value === undefined) continue;
    const child = mergePatchFor(from[key], value);
    if (child !== undefined) patch[key] = child;
  }
  for (const [key, value] of Object.entries(from)) {
    if (value !== undefined && to[key] === undefined) patch[key] = null;
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

const toJson = (value: unknown): Json => (value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Json));
