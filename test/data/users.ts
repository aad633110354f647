import type { Catalog } from "./catalog.ts";
import { BLOCKS, BOARDS, CLUSTERS, FIRST_NAMES, LAST_NAMES, LOCATIONS, SCHOOLS, USER_SUB_TYPES, USER_TYPES } from "./names.ts";
import { encryptPii, type PiiCipher } from "./pii-encrypt.ts";
import { rngFor, uuidFrom } from "./prng.ts";

/** One user-cache hash (reports-spec.md §2.3), or none when the user is absent from the cache. */
export interface UserCacheEntry {
  index: number;
  userId: string;
  /** Hash fields; a missing field counts as empty. Undefined: no `user:<id>` key at all (Sunbird's inner join drops them). */
  fields?: Record<string, string>;
}

export const userId = (seed: number, index: number): string => uuidFrom(rngFor(seed, "user-id", index));

/** Every 25th user (from the 4th on) has no cache entry, so even 10-row data sets exercise the join. */
export const inUserCache = (index: number): boolean => index % 25 !== 3;

export function userCacheEntry(seed: number, index: number, cat: Catalog, pii: PiiCipher): UserCacheEntry {
  const id = userId(seed, index);
  if (!inUserCache(index)) return { index, userId: id };
  const rng = rngFor(seed, "user", index);
  const first = rng.pick(FIRST_NAMES);
  const last = rng.chance(0.15) ? undefined : rng.pick(LAST_NAMES);
  const tenants = cat.orgs.filter((o) => !o.custodian);
  const org = rng.chance(0.15) ? cat.orgs.find((o) => o.custodian) : rng.pick(tenants);
  const location = rng.pick(LOCATIONS);
  // Mostly platform-encrypted, half of those with the old encoder's line breaks; a few masked plaintexts, which
  // Sunbird stores unencrypted and decrypt passes through.
  const secret = (value: string): string =>
    rng.chance(0.03) ? `${value.slice(0, 2)}*****${value.slice(-4)}` : encryptPii(value, { ...pii, mimeLines: rng.chance(0.5) });
  const fields: Record<string, string> = {
    userid: id,
    firstname: first,
    rootorgid: org?.id ?? "",
    orgname: org?.name ?? "",
    state: location.state,
    district: rng.pick(location.districts),
    usertype: rng.pick(USER_TYPES),
    usersubtype: rng.pick(USER_SUB_TYPES),
  };
  if (last !== undefined) fields.lastname = last;
  if (rng.chance(0.9)) fields.email = secret(`${first}.${last ?? "user"}${rng.digits(3)}@example.org`.toLowerCase());
  if (rng.chance(0.85)) fields.phone = secret(`${rng.pick(["6", "7", "8", "9"])}${rng.digits(9)}`);
  if (rng.chance(0.8)) fields.block = rng.pick(BLOCKS);
  if (rng.chance(0.7)) fields.cluster = rng.pick(CLUSTERS);
  if (rng.chance(0.75)) {
    fields.schoolname = `${rng.pick(SCHOOLS)}, ${fields.district}`;
    fields.schooludisecode = `33${rng.digits(9)}`;
  }
  const board = rng.next();
  if (board < 0.4) fields.board = rng.pick(BOARDS);
  else if (board < 0.75) fields.board = JSON.stringify([rng.pick(BOARDS), ...(rng.chance(0.3) ? [rng.pick(BOARDS)] : [])]);
  else if (board < 0.8) fields.board = "[]";
  return { index, userId: id, fields };
}
