import { platformDecryptor } from "../../crds/platform-decryption.ts";
import type { Endpoints } from "../env/endpoints.ts";
import type { TestStores } from "../e2e/support/stores.ts";
import type { SecretValue } from "./count-leaks.ts";

/**
 * What scenario 6 looks for: the S3 secret key, the PII key and salt, the zip password, the webhook URL's token when
 * the scenario configures a webhook, and the decrypted email and phone of every cached user of the test data
 * (masked values, which Sunbird stores in clear, included).
 */
export function testDataSecrets(e: Endpoints, stores: TestStores, zipPassword: string, webhookToken = ""): SecretValue[] {
  const { key, salt } = stores.data.pii;
  const decrypt = platformDecryptor(key, salt);
  const out: SecretValue[] = [
    { name: "S3 secret key", value: e.s3.secretAccessKey },
    { name: "PII key", value: key },
    { name: "PII salt", value: salt },
    { name: "zip password", value: zipPassword },
    { name: "webhook URL token", value: webhookToken },
  ];
  for (const user of stores.data.data.users()) {
    for (const field of ["email", "phone"] as const) {
      const stored = user.fields?.[field];
      if (stored !== undefined) out.push({ name: `${field} of user ${user.index}`, value: decrypt(stored) });
    }
  }
  return out;
}
