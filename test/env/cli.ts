// `npm run env:up`: the real stack in the foreground, until Ctrl-C; prints where everything listens and writes the
// chosen ports to the git-ignored demo.env.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { guardPath, repoRoot, startStack } from "./stack.ts";

process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --import=${guardPath}`.trim();
const stack = await startStack();
const e = stack.endpoints;
const lines = [
  `KUBECONFIG=${e.k8s.adminKubeconfig}`,
  `KUBECTL=${e.k8s.kubectl}`,
  `CASSANDRA=${e.cassandra.contactPoint}`,
  `REDIS=${e.redis.host}:${e.redis.port}`,
  `S3_ENDPOINT=${e.s3.endpoint}`,
];
writeFileSync(join(repoRoot, "demo.env"), `${lines.join("\n")}\n`);
console.log(`stack up in ${Math.max(...Object.values(stack.timings))} ms ${JSON.stringify(stack.timings)}`);
console.log(lines.join("\n"));
console.log("Ctrl-C stops everything.");
const stop = async (): Promise<void> => {
  await stack.stop();
  process.exit(0);
};
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());
setInterval(() => undefined, 1 << 30);
