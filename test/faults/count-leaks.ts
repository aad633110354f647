// Scenario 6: secrets and decrypted PII must never appear in logs, Events, statuses or metric labels. Pure: the
// scenario collects the texts and the values; this counts. A hit names the secret and the place, never the value.

export interface ScannedText {
  /** Where the text came from: "operator log", "runner stderr", "Events", "status", "metrics". */
  where: string;
  text: string;
}

export interface SecretValue {
  /** What the value is ("S3 secret key", "email of user 3"); printed instead of the value. */
  name: string;
  value: string;
}

export interface LeakCount {
  count: number;
  hits: { where: string; secret: string }[];
}

/** Counts every occurrence of every secret value in every text; empty values are no secret and are skipped. */
export function countLeaks(texts: readonly ScannedText[], secrets: readonly SecretValue[]): LeakCount {
  const hits: LeakCount["hits"] = [];
  for (const s of secrets) {
    if (s.value === "") continue;
    for (const t of texts) {
      let at = t.text.indexOf(s.value);
      while (at !== -1) {
        hits.push({ where: t.where, secret: s.name });
        at = t.text.indexOf(s.value, at + s.value.length);
      }
    }
  }
  return { count: hits.length, hits };
}
