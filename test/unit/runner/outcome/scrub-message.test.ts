import { describe, expect, it } from "vitest";
import { scrubMessage } from "../../../../runner/outcome/scrub-message.ts";

describe("scrubMessage", () => {
  const cases = [
    { name: "URL user and password", input: "connect ECONNREFUSED https://admin:hunter2@s3.local:9000/bucket", expected: "connect ECONNREFUSED https://[redacted]@s3.local:9000/bucket" },
    { name: "user only", input: "redis://token@10.0.0.1:6379 refused", expected: "redis://[redacted]@10.0.0.1:6379 refused" },
    { name: "password holding a slash", input: "at http://u:pa/ss@host/x", expected: "at http://[redacted]@host/x" },
    { name: "signed query string", input: "GET https://s3.local/b/k?X-Amz-Credential=AKIA&X-Amz-Signature=abc failed", expected: "GET https://s3.local/b/k?[redacted] failed" },
    { name: "a query string without a URL", input: "PUT /b/k?uploadId=123&partNumber=2: 503", expected: "PUT /b/k?[redacted] 503" },
    { name: "both in one URL", input: "http://a:b@h/p?token=t", expected: "http://[redacted]@h/p?[redacted]" },
    { name: "an e-mail address is not a URL", input: "user a@b.org missing", expected: "user a@b.org missing" },
    { name: "a plain question mark stays", input: "What? No data found", expected: "What? No data found" },
    { name: "Sunbird's texts stay", input: "Request should have either of batchId, batchFilter, searchFilter or encrption key", expected: "Request should have either of batchId, batchFilter, searchFilter or encrption key" },
  ];
  for (const c of cases) it(c.name, () => expect(scrubMessage(c.input)).toBe(c.expected));
});
