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
  return org === collectionChannel || user[ORG_FIELD] === org;
}

/** The cache field the org filter reads. */
export const ORG_FIELD = "rootorgid";

/** Whether the org filter looks at users at all: only when the requesting org is not the collection's channel. */
export const filtersByOrg = (requestedOrg: string, collectionChannel: string | null): boolean =>
  requestingOrg(requestedOrg, collectionChannel) !== collectionChannel;

/** D5: an enrolment whose user is not in the Redis cache (no `user:<id>` key) is dropped and counted. */
export const isInUserCache = (user: CachedUser | null): user is CachedUser => user !== null;
