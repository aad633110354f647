import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Client } from "cassandra-driver";
import { cassandraDir } from "../cache-paths.ts";
import { startProcess, waitUntil, type Managed } from "../process.ts";
import { cassandraJvmArgs, cassandraLogback, cassandraYaml } from "./cassandra-config.ts";
import { attemptLog, readyOrStop, withFreePorts } from "./port-retry.ts";

// JDK 17 only: Cassandra 5.0 calls System.setSecurityManager, which JDK 24+ (the temurin-25 here too) removed.
export const JAVA_HOME = "/usr/lib/jvm/java-17-openjdk-amd64";
export const LOCAL_DC = "datacenter1";
const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 15_000;

/** Starts a single-node Cassandra on random 127.0.0.1 ports; resolves once CQL answers. */
export async function startCassandra(runDir: string): Promise<{ contactPoint: string; localDataCenter: string; proc: Managed }> {
  const libDir = join(cassandraDir(), "lib");
  const jammJar = await cachedJamm(libDir);
  if (!existsSync(join(JAVA_HOME, "bin", "java"))) {
    throw new Error(`JDK 17 not found at ${JAVA_HOME}; install it with: bash test/env/setup/apt.sh (Debian openjdk-17-jdk-headless)`);
  }
  const dir = resolve(runDir, "cassandra");
  await mkdir(dir, { recursive: true });
  const storage = await storageDir(dir);

  const started = withFreePorts(2, async ([nativePort = 0, storagePort = 0], attempt) => {
    const yamlFile = join(dir, "cassandra.yaml");
    const logbackFile = join(dir, "logback.xml");
    const storageDir = join(storage.path, `attempt-${attempt}`);
    await writeFile(yamlFile, cassandraYaml(storagePort));
    await writeFile(logbackFile, cassandraLogback());
    const args = cassandraJvmArgs({ libDir, jammJar, yamlFile, logbackFile, storageDir, nativePort, storagePort });
    const proc = startProcess("cassandra", join(JAVA_HOME, "bin", "java"), args, attemptLog(runDir, "cassandra", attempt), {
      cwd: dir,
      env: { ...process.env, JAVA_HOME },
    });
    const contactPoint = `127.0.0.1:${nativePort}`;
    await readyOrStop(proc, () =>
      waitUntil("cassandra", () => answersCql(contactPoint), { timeoutMs: READY_TIMEOUT_MS, intervalMs: 500, proc }),
    );
    return { contactPoint, localDataCenter: LOCAL_DC, proc: removingOnStop(proc, storage) };
  });
  return started.catch(async (err: unknown) => {
    if (storage.owned) await rm(storage.path, { recursive: true, force: true });
    throw err;
  });
}

export async function cachedJamm(libDir: string): Promise<string> {
  const files = existsSync(join(libDir, ".stamp")) ? await readdir(libDir) : [];
  const jamm = files.find((f) => /^jamm-.*\.jar$/.test(f));
  if (!jamm) throw new Error(`Cassandra jars are missing in ${libDir}; fetch them with: bash test/env/setup/cassandra.sh`);
  return jamm;
}

interface StorageDir {
  path: string;
  /** Lies outside runDir, so stopping Cassandra must delete it. */
  owned: boolean;
}

// Data on tmpfs when there is one (test-environment.md §4): commit logs and flushes stay off the disk.
async function storageDir(dir: string): Promise<StorageDir> {
  if (dir.startsWith("/dev/shm/") || !existsSync("/dev/shm")) return { path: join(dir, "data"), owned: false };
  return { path: await mkdtemp("/dev/shm/exhaust-cassandra-"), owned: true };
}

function removingOnStop(proc: Managed, storage: StorageDir): Managed {
  return {
    name: proc.name,
    child: proc.child,
    logFile: proc.logFile,
    exited: () => proc.exited(),
    async stop(graceMs = STOP_GRACE_MS) {
      await proc.stop(graceMs);
      if (storage.owned) await rm(storage.path, { recursive: true, force: true });
    },
  };
}

export async function answersCql(contactPoint: string): Promise<boolean> {
  const client = new Client({ contactPoints: [contactPoint], localDataCenter: LOCAL_DC, socketOptions: { connectTimeout: 2_000 } });
  try {
    await client.connect();
    const rs = await client.execute("SELECT release_version FROM system.local");
    return rs.rows.length === 1;
  } finally {
    await client.shutdown();
  }
}
