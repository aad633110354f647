import { describe, expect, it } from "vitest";
import type { CachedUser } from "../../../../runner/reports/model.ts";
import { filtersByOrg, isInUserCache, keepsUser, requestingOrg } from "../../../../runner/reports/org-filter.ts";

describe("keepsUser (D6)", () => {
  const cases: { name: string; requestedOrg: string; channel: string | null; rootorgid?: string; expected: boolean }[] = [
    { name: "requesting org is the collection's channel -> every user kept", requestedOrg: "org-a", channel: "org-a", rootorgid: "org-z", expected: true },
    { name: "other org, user of that org -> kept", requestedOrg: "org-b", channel: "org-a", rootorgid: "org-b", expected: true },
    { name: "other org, user of another org -> dropped", requestedOrg: "org-b", channel: "org-a", rootorgid: "org-a", expected: false },
    { name: "other org, user without rootorgid -> dropped", requestedOrg: "org-b", channel: "org-a", expected: false },
    { name: "collection without channel, user of the requesting org -> kept", requestedOrg: "org-b", channel: null, rootorgid: "org-b", expected: true },
    { name: "§4.5 requested by System -> the collection's channel, every user kept", requestedOrg: "System", channel: "org-a", rootorgid: "org-z", expected: true },
    { name: "§4.5 requested by system (other case) -> an ordinary org id, user dropped", requestedOrg: "system", channel: "org-a", rootorgid: "org-a", expected: false },
    { name: "§4.5 System, collection without channel -> only users of root org System", requestedOrg: "System", channel: null, rootorgid: "org-a", expected: false },
  ];
  it.each(cases)("$name", ({ requestedOrg, channel, rootorgid, expected }) => {
    const user: CachedUser = rootorgid === undefined ? { firstname: "A" } : { firstname: "A", rootorgid };
    expect(keepsUser(requestedOrg, channel, user)).toBe(expected);
  });
});

describe("requestingOrg (§4.5)", () => {
  const cases: { name: string; requested: string; channel: string | null; expected: string }[] = [
    { name: "ordinary org -> itself", requested: "org-b", channel: "org-a", expected: "org-b" },
    { name: "System -> the collection's channel", requested: "System", channel: "org-a", expected: "org-a" },
    { name: "System, no channel -> System", requested: "System", channel: null, expected: "System" },
  ];
  it.each(cases)("$name", ({ requested, channel, expected }) => expect(requestingOrg(requested, channel)).toBe(expected));
});

describe("isInUserCache (D5)", () => {
  it("no user:<id> key -> missing", () => expect(isInUserCache(null)).toBe(false));
  it("a key without any of the fields read -> cached", () => expect(isInUserCache({})).toBe(true));
  it("any field -> cached", () => expect(isInUserCache({ firstname: "" })).toBe(true));
});

describe("filtersByOrg (D6)", () => {
  const cases = [
    { name: "the collection's channel -> no filter", requested: "org-a", channel: "org-a", expected: false },
    { name: "another org -> filter", requested: "org-b", channel: "org-a", expected: true },
    { name: "System -> the channel, no filter", requested: "System", channel: "org-a", expected: false },
    { name: "collection without channel -> filter", requested: "org-a", channel: null, expected: true },
  ];
  it.each(cases)("$name", ({ requested, channel, expected }) => expect(filtersByOrg(requested, channel)).toBe(expected));
});
