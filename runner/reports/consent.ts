import type { Consent } from "./model.ts";

/** D7: a UserInfo request from the custodian org gets a header-only file (Sunbird fails it). */
export const isCustodianRequest = (requestedOrg: string, custodianOrgId: string | null): boolean =>
  custodianOrgId !== null && custodianOrgId !== "" && requestedOrg === custodianOrgId;

/** §5.1: a user is exported only with a user_consent row whose status, lower-cased, is `active`. */
export const hasActiveConsent = (consent: Consent | null): consent is Consent =>
  consent !== null && consent.status?.toLowerCase() === "active";
