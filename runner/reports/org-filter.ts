import type { CachedUser } from "./model.ts";

const SYSTEM_ORG = "System";

/**
 * §4.5: the org a request acts for. Sunbird's getCollectionBatches maps the literal `System` to the collection's own
 * channel for every request, not only in standalone mode, so the consent read and the custodian check use this too.
 */
export const requestingOrg = (requestedChannel: string, collectionChannel: string | null): string =>
  requestedChannel === SYSTEM_ORG && collectionChannel !== null ? collectionChannel : requestedChannel;

/**
 * D6: when the requesting org is not the collection's channel, only users whose root org is the requesting org are
 * kept; when it is, everyone is.
 */
export function keepsUser(requestedOrg: string, collectionChannel: string | null, user: CachedUser): boolean {
  const org = requestingOrg(requestedOrg, collectionChannel);
  return org === collectionChannel || user.rootorgid === org;
}

/** D5: an enrolment whose user is not in the Redis cache (HGETALL gave nothing) is dropped and counted. */
export const isInUserCache = (user: CachedUser): boolean => Object.keys(user).length > 0;
