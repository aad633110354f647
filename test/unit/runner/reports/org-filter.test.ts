import { describe, expect, it } from "vitest";
import type { CachedUser } from "../../../../runner/reports/model.ts";
import { isInUserCache, keepsUser } from "../../../../runner/reports/org-filter.ts";

describe("keepsUser (D6)", () => {
  const cases: { name: string; requestedOrg: string; channel: string | null; rootorgid?: string; expected: boolean }[] = [
    { name: "requesting org is the collection's channel -> every user kept", requestedOrg: "org-a", channel: "org-a", rootorgid: "org-z", expected: true },
    { name: "other org, user of that org -> kept", requestedOrg: "org-b", channel: "org-a", rootorgid: "org-b", expected: true },
    { name: "other org, user of another org -> dropped", requestedOrg: "org-b", channel: "org-a", rootorgid: "org-a", expected: false },
    { name: "other org, user without rootorgid -> dropped", requestedOrg: "org-b", channel: "org-a", expected: false },
    { name: "collection without channel, user of the requesting org -> kept", requestedOrg: "org-b", channel: null, rootorgid: "org-b", expected: true },
  ];
  it.each(cases)("$name", ({ requestedOrg, channel, rootorgid, expected }) => {
    const user: CachedUser = rootorgid === undefined ? { firstname: "A" } : { firstname: "A", rootorgid };
    expect(keepsUser(requestedOrg, channel, user)).toBe(expected);
  });
});

describe("isInUserCache (D5)", () => {
  it("empty hash (user not cached) -> missing", () => expect(isInUserCache({})).toBe(false));
  it("any field -> cached", () => expect(isInUserCache({ firstname: "" })).toBe(true));
});
