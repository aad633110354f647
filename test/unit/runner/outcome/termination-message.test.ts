import { describe, expect, it } from "vitest";
import { decodeTerminationMessage, encodeTerminationMessage, terminationMessageLimit, type BatchResult, type ResultManifest } from "../../../../crds/runner-contract.ts";

const full = (i: number, ok: boolean): BatchResult => ({
  batchId: `batch-${String(i).padStart(3, "0")}-${"x".repeat(40)}`,
  ok,
  ...(ok
    ? { objectUri: `s3://reports/progress-exhaust/${"R".repeat(32)}/batch-${i}_progress_20240131.zip`, rows: 123456, bytes: 98765432, sha256: "a".repeat(64), usersSkipped: 12, durationMs: 45678 }
    : { retryable: true, message: `Cassandra unavailable: ${"detail ".repeat(60)}` }),
});
const manifest = (batches: BatchResult[]): ResultManifest => ({ v: 1, report: "progress", requestId: "R".repeat(32), batches });
const bytes = (s: string) => Buffer.byteLength(s);

describe("encodeTerminationMessage", () => {
  const cases = [
    { name: "small manifest -> unchanged compact JSON", m: manifest([full(1, true)]), keepsAll: true, keepsDetail: true },
    { name: "20 succeeded batches -> detail dropped, every batch kept", m: manifest(Array.from({ length: 20 }, (_, i) => full(i, true))), keepsAll: true, keepsDetail: false },
    { name: "20 failed batches with long messages -> messages shortened, every batch kept", m: manifest(Array.from({ length: 20 }, (_, i) => full(i, false))), keepsAll: true, keepsDetail: false },
    { name: "200 mixed batches -> failed ones kept first, truncated flag", m: manifest(Array.from({ length: 200 }, (_, i) => full(i, i % 10 === 0 ? false : true))), keepsAll: false, keepsDetail: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const text = encodeTerminationMessage(c.m);
      expect(bytes(text)).toBeLessThanOrEqual(terminationMessageLimit);
      const decoded = decodeTerminationMessage(text);
      if (!decoded.ok) throw new Error(decoded.reason);
      if (c.keepsAll) {
        expect(decoded.manifest.batches.map((b) => [b.batchId, b.ok, b.retryable])).toEqual(c.m.batches.map((b) => [b.batchId, b.ok, b.retryable]));
        expect(decoded.manifest.truncated).toBeUndefined();
      } else {
        expect(decoded.manifest.truncated).toBe(true);
        const failed = c.m.batches.filter((b) => !b.ok).map((b) => b.batchId);
        expect(decoded.manifest.batches.slice(0, failed.length).map((b) => b.batchId)).toEqual(failed);
      }
      if (c.keepsDetail) expect(decoded.manifest).toEqual(c.m);
    });
  }

  it("decode rejects text that is not a manifest", () => {
    expect(decodeTerminationMessage("invalid configuration: x").ok).toBe(false);
    expect(decodeTerminationMessage('{"v":2}').ok).toBe(false);
  });
});
