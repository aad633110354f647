import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Credentials {
  caFile: string;
  certFile: string;
  keyFile: string;
  serviceAccountKeyFile: string;
  tokenFile: string;
  adminToken: string;
  operatorToken: string;
}

// The operator's identity is the ServiceAccount user name RBAC matches, so tests run with exactly the project's RBAC.
export const OPERATOR_USER = "system:serviceaccount:exhaust-system:exhaust-operator";

const openssl = (dir: string, args: string[]): void => {
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
};

/** A throwaway CA, the apiserver's serving pair, a service-account key and static tokens, per run. */
export function writeCredentials(dir: string): Credentials {
  openssl(dir, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "30", "-subj", "/CN=exhaust-test-ca"]);
  openssl(dir, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "apiserver.key", "-out", "apiserver.csr", "-subj", "/CN=kube-apiserver"]);
  writeFileSync(join(dir, "apiserver.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  openssl(dir, ["x509", "-req", "-in", "apiserver.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "apiserver.crt", "-days", "30", "-extfile", "apiserver.ext"]);
  openssl(dir, ["genrsa", "-out", "sa.key", "2048"]);
  const adminToken = randomBytes(24).toString("hex");
  const operatorToken = randomBytes(24).toString("hex");
  const tokenFile = join(dir, "tokens.csv");
  writeFileSync(
    tokenFile,
    `${adminToken},admin,admin-uid,"system:masters"\n` +
      `${operatorToken},${OPERATOR_USER},exhaust-operator-uid,"system:serviceaccounts,system:serviceaccounts:exhaust-system"\n`,
    { mode: 0o600 },
  );
  return {
    caFile: join(dir, "ca.crt"),
    certFile: join(dir, "apiserver.crt"),
    keyFile: join(dir, "apiserver.key"),
    serviceAccountKeyFile: join(dir, "sa.key"),
    tokenFile,
    adminToken,
    operatorToken,
  };
}
