import { describe, expect, it } from "vitest";
import { countLeaks } from "../../faults/count-leaks.ts";

const secrets = [
  { name: "S3 secret key", value: "wJalrXUtnFEMI" },
  { name: "email of user 1", value: "asha@example.org" },
  { name: "unset webhook token", value: "" },
];

describe("countLeaks", () => {
  const cases = [
    { name: "clean texts -> 0", texts: [{ where: "operator log", text: '{"msg":"batch uploaded","rows":3}' }], want: { count: 0, hits: [] } },
    { name: "a secret in a log line -> 1, named by what it is", texts: [{ where: "runner stderr", text: "key=wJalrXUtnFEMI" }], want: { count: 1, hits: [{ where: "runner stderr", secret: "S3 secret key" }] } },
    {
      name: "the same email twice in an Event and once in a status -> 3",
      texts: [
        { where: "Events", text: "asha@example.org failed; asha@example.org" },
        { where: "status", text: '{"message":"asha@example.org"}' },
      ],
      want: { count: 3, hits: [{ where: "Events", secret: "email of user 1" }, { where: "Events", secret: "email of user 1" }, { where: "status", secret: "email of user 1" }] },
    },
    { name: "an empty secret value matches nothing (it is not a secret)", texts: [{ where: "metrics", text: "exhaust_requests_total 3" }], want: { count: 0, hits: [] } },
  ];
  it.each(cases)("$name", ({ texts, want }) => expect(countLeaks(texts, secrets)).toEqual(want));
});
