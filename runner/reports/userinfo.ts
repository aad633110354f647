import { javaTrim } from "../../crds/java-trim.ts";
import { textCell } from "../format/text.ts";
import { hasActiveConsent } from "./consent.ts";
import type { CachedUser, Consent, Enrolment } from "./model.ts";
import { COMMON_HEADER, commonCells, dateCell } from "./row-context.ts";
import type { RowContext } from "./row-context.ts";

// UserInfo (reports-spec §5.1). The org filter and the cache join happen before; consent is decided here.

export const USERINFO_HEADER: readonly string[] = [
  ...COMMON_HEADER,
  "User Name",
  "User Type",
  "User Sub Type",
  "State",
  "District",
  "Block",
  "Cluster",
  "School Id",
  "School Name",
  "Org Name",
  "Email ID",
  "Mobile Number",
  "Consent Provided",
  "Consent Provided Date",
];

const CACHE_COLUMNS = ["usertype", "usersubtype", "state", "district", "block", "cluster", "schooludisecode", "schoolname", "orgname"];

/** The user-cache fields a UserInfo row reads (the runner fetches only these). */
export const USERINFO_CACHE_FIELDS: readonly string[] = ["firstname", "lastname", ...CACHE_COLUMNS, "email", "phone"];

/** The row, or null when the user has no active consent for this collection and the requesting org. */
export function userInfoRow(
  ctx: RowContext,
  enrolment: Enrolment,
  user: CachedUser,
  consent: Consent | null,
  decrypt: (value: string) => string,
): string[] | null {
  if (!hasActiveConsent(consent)) return null;
  const decrypted = (field: string) => {
    const value = user[field];
    return value === undefined ? "" : javaTrim(decrypt(value));
  };
  // Pushed into one array: this runs once per row, and spreads of intermediate arrays were measurable garbage.
  const row = commonCells(ctx, enrolment.userId);
  row.push(userName(user, decrypt));
  for (const field of CACHE_COLUMNS) row.push(textCell(user[field]));
  row.push(decrypted("email"), decrypted("phone"), "true", dateCell(ctx, consent.lastUpdatedOn));
  return row;
}

/** firstname and lastname joined by one space (missing parts skipped), then decrypted, then trimmed. */
function userName(user: CachedUser, decrypt: (value: string) => string): string {
  const parts = [user.firstname, user.lastname].filter((p): p is string => p !== undefined);
  return parts.length === 0 ? "" : javaTrim(decrypt(parts.join(" ")));
}
