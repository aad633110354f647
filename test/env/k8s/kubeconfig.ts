import { readFileSync, writeFileSync } from "node:fs";

/** A kubeconfig for one token identity against the local apiserver; kubectl and client-node both read it. */
export function writeKubeconfig(path: string, server: string, caFile: string, user: string, token: string): void {
  const ca = readFileSync(caFile).toString("base64");
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "local", cluster: { server, "certificate-authority-data": ca } }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: user, context: { cluster: "local", user } }],
    "current-context": user,
  };
  // JSON is valid YAML; no YAML library needed here.
  writeFileSync(path, JSON.stringify(config, null, 2), { mode: 0o600 });
}
