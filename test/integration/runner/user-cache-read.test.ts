import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readUsers } from "../../../runner/sources/redis/redis-caches.ts";
import { openStores, type Stores } from "./harness.ts";

// D5 on the real Redis: only the report's fields are read, yet a user whose hash lacks all of them is still in the
// cache (Sunbird's inner join tests the key), and values come back byte for byte whatever they contain.

describe("readUsers (user cache, D5)", () => {
  let stores: Stores;
  const fields = ["state", "firstname", "email"];
  const tricky = 'quote " backslash \\ slash / tab \t newline \n ಕನ್ನಡ 😀 \u0001 end';

  beforeAll(async () => {
    stores = await openStores();
    const users = stores.redis.users;
    await users.hset(`${stores.prefix}user:full`, { state: "Karnataka", firstname: "Asha", email: "a@example.org", other: "not read" });
    await users.hset(`${stores.prefix}user:partial`, { firstname: "", other: "x" });
    await users.hset(`${stores.prefix}user:none-of-them`, { rootorgid: "org_a" });
    await users.hset(`${stores.prefix}user:tricky`, { state: tricky });
  });
  afterAll(async () => stores.close());

  it("reads only the asked fields; a missing key is null, a hash without those fields is an empty user", async () => {
    const got = await readUsers(stores.redis.users, stores.prefix, ["full", "missing", "partial", "none-of-them", "tricky"], fields);
    expect(got).toEqual([{ state: "Karnataka", firstname: "Asha", email: "a@example.org" }, null, { firstname: "" }, {}, { state: tricky }]);
  });

  it("without fields: only whether each key exists", async () => {
    expect(await readUsers(stores.redis.users, stores.prefix, ["none-of-them", "missing", "full"], [])).toEqual([{}, null, {}]);
  });

  it("bytes that are not UTF-8 decode as a plain HGET would (replacement characters)", async () => {
    const bytes = Buffer.from([0x41, 0xff, 0xe0, 0x80, 0x42, 0xc3]);
    await stores.redis.users.hset(`${stores.prefix}user:bytes`, "state", bytes);
    const plain = await stores.redis.users.hget(`${stores.prefix}user:bytes`, "state");
    expect(plain).toContain("\uFFFD");
    expect(await readUsers(stores.redis.users, stores.prefix, ["bytes"], ["state"])).toEqual([{ state: plain }]);
  });

  it("no users: no call, nothing back", async () => {
    expect(await readUsers(stores.redis.users, stores.prefix, [], fields)).toEqual([]);
  });

  it("500 users in one call keep their order", async () => {
    const ids = Array.from({ length: 500 }, (_, i) => (i % 2 === 0 ? "full" : `missing-${i}`));
    const got = await readUsers(stores.redis.users, stores.prefix, ids, ["state"]);
    expect(got).toEqual(ids.map((id) => (id === "full" ? { state: "Karnataka" } : null)));
  });
});
