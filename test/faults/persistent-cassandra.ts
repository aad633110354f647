import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { cassandraDir } from "../env/cache-paths.ts";
import type { Endpoints } from "../env/endpoints.ts";
import { freePort } from "../env/ports.ts";
import { startProcess, waitUntil, type Managed } from "../env/process.ts";
import { answersCql, cachedJamm, JAVA_HOME, LOCAL_DC } from "../env/stores/cassandra.ts";
import { cassandraJvmArgs, cassandraLogback, cassandraYaml } from "../env/stores/cassandra-config.ts";
import type { StoppableStore } from "./store-down-mid-run.ts";

// A private single-node Cassandra whose ports and data directory stay the same across a stop, so a scenario can
// really stop Cassandra (SIGTERM) and start it again the way a Sunbird node comes back: its commit log is replayed
// and the test's keyspace is still there. The stack's shared Cassandra, which other test files use, is never touched.
// Costs about 1 GB of heap and 30–60 s per start.

// Two may start at once beside the stack's own (stores-down.test.ts), on a loaded 2-core machine.
const READY_TIMEOUT_MS = 300_000;

export async function persistentCassandra(runDir: string): Promise<StoppableStore> {
  const libDir = join(cassandraDir(), "lib");
  const jammJar = await cachedJamm(libDir);
  const [nativePort, storagePort] = [await freePort(), await freePort()];
  // Named by port: scenarios running at once in one process each get their own directory.
  const dir = join(runDir, `cassandra-faults-${process.pid}-${nativePort}`);
  await mkdir(dir, { recursive: true });
  // Data on tmpfs when there is one, as the shared Cassandra does (test-environment.md §4).
  const storageDir = await mkdtemp("/dev/shm/exhaust-cassandra-faults-").catch(() => join(dir, "data"));
  const yamlFile = join(dir, "cassandra.yaml");
  const logbackFile = join(dir, "logback.xml");
  await writeFile(yamlFile, cassandraYaml(storagePort));
  await writeFile(logbackFile, cassandraLogback());
  const contactPoint = `127.0.0.1:${nativePort}`;
  let proc: Managed | undefined;
  let starts = 0;
  const start = async () => {
    const args = cassandraJvmArgs({ libDir, jammJar, yamlFile, logbackFile, storageDir, nativePort, storagePort });
    proc = startProcess("cassandra-faults", join(JAVA_HOME, "bin", "java"), args, join(dir, `server-${++starts}.log`), { cwd: dir, env: { ...process.env, JAVA_HOME } });
    await waitUntil("cassandra-faults", () => answersCql(contactPoint), { timeoutMs: READY_TIMEOUT_MS, intervalMs: 500, proc });
  };
  await start();
  return {
    name: "Cassandra",
    endpoints: (e: Endpoints) => ({ ...e, cassandra: { contactPoint, localDataCenter: LOCAL_DC } }),
    stop: async () => proc?.stop(30_000),
    start,
    close: async () => {
      await proc?.stop(15_000);
      if (storageDir.startsWith("/dev/shm/")) await rm(storageDir, { recursive: true, force: true });
    },
  };
}
