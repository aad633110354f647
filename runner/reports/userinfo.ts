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

/** One enrolled, cached user and their consent row for this collection and the requesting org. */
export interface UserInfoMember {
  enrolment: Enrolment;
  user: CachedUser;
  consent: Consent | null;
}

/**
 * The rows of the members with an active consent, in order. Their encrypted fields (joined name, email, phone) are
 * decrypted in one `decryptAll` call for the whole group: a native call per value and round was UserInfo's largest cost.
 */
export function userInfoRows(ctx: RowContext, members: readonly UserInfoMember[], decryptAll: (values: readonly string[]) => string[]): string[][] {
  const consenting = members.filter((m): m is UserInfoMember & { consent: Consent } => hasActiveConsent(m.consent));
  const encrypted: string[] = [];
  for (const { user } of consenting) encrypted.push(joinedName(user), user.email ?? "", user.phone ?? "");
  const plain = decryptAll(encrypted);
  return consenting.map(({ enrolment, user, consent }, i) => {
    // Pushed into one array: this runs once per row, and spreads of intermediate arrays were measurable garbage.
    const row = commonCells(ctx, enrolment.userId);
    row.push(javaTrim(plain[3 * i] as string));
    for (const field of CACHE_COLUMNS) row.push(textCell(user[field]));
    // A missing field is "" whatever decryption makes of it.
    row.push(
      user.email === undefined ? "" : javaTrim(plain[3 * i + 1] as string),
      user.phone === undefined ? "" : javaTrim(plain[3 * i + 2] as string),
      "true",
      dateCell(ctx, consent.lastUpdatedOn),
    );
    return row;
  });
}

/** firstname and lastname joined by one space (missing parts skipped), decrypted as one value, then trimmed. */
function joinedName(user: CachedUser): string {
  const parts = [user.firstname, user.lastname].filter((p): p is string => p !== undefined);
  return parts.join(" ");
}
