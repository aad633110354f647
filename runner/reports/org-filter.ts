import type { CachedUser } from "./model.ts";

/**
 * D6: when the requesting org is not the collection's channel, only users whose root org is the requesting org are
 * kept; when it is, everyone is.
 */
export function keepsUser(requestedOrg: string, collectionChannel: string | null, user: CachedUser): boolean {
  return requestedOrg === collectionChannel || user.rootorgid === requestedOrg;
}

/** D5: an enrolment whose user is not in the Redis cache (HGETALL gave nothing) is dropped and counted. */
export const isInUserCache = (user: CachedUser): boolean => Object.keys(user).length > 0;
