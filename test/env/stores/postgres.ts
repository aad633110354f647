import { execFileSync, type SpawnOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startProcess, waitUntil, type Managed } from "../process.ts";
import { attemptLog, readyOrStop, withFreePorts } from "./port-retry.ts";

const HOST = "127.0.0.1";
const PG_ROOT = "/usr/lib/postgresql";
const USER = "exhaust";
// Sunbird's jobs and analytics service read job_request from the database `analytics` (reports-spec.md §3.2).
const DATABASE = "analytics";

export interface PostgresEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** Directory of the server's unix socket (psql -h <socketDir>). */
  socketDir: string;
}

/** The newest server Debian's `postgresql` package installed (/usr/lib/postgresql/<major>/bin). */
function serverBinDir(): string {
  const majors = existsSync(PG_ROOT) ? readdirSync(PG_ROOT).filter((d) => /^\d+$/.test(d) && existsSync(join(PG_ROOT, d, "bin", "postgres"))) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) throw new Error(`no PostgreSQL server under ${PG_ROOT}; install it with: bash test/env/setup/apt.sh (Debian postgresql)`);
  return join(PG_ROOT, newest, "bin");
}

/** postgres refuses to run as root; as root the server runs as the package's `postgres` user, owning its directory. */
function serverIdentity(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

/**
 * Starts a private PostgreSQL (test-environment.md §12): initdb into a fresh directory on /dev/shm (no fsync), the
 * server on a random 127.0.0.1 port with its unix socket in that directory, password (scram) auth over TCP for the
 * user `exhaust`, and the database `analytics`. Stopping the process removes the directory; stopServer and
 * startServer make an outage that keeps the data and the port.
 */
export async function startPostgres(runDir: string): Promise<PostgresEndpoint & { proc: Managed; stopServer(): Promise<void>; startServer(): Promise<void> }> {
  const bin = serverBinDir();
  const owner = serverIdentity();
  // Not inside runDir: that directory is private to the harness's user, and the server may run as another one.
  const dir = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "exhaust-pg-"));
  const data = join(dir, "data");
  const socketDir = join(dir, "socket");
  mkdirSync(socketDir);
  const password = randomBytes(12).toString("hex");
  const pwFile = join(dir, "pwfile");
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  const asOwner: SpawnOptions = owner === undefined ? {} : { uid: owner.uid, gid: owner.gid };
  if (owner !== undefined) for (const p of [dir, socketDir, pwFile]) chownSync(p, owner.uid, owner.gid);
  try {
    execFileSync(join(bin, "initdb"), ["-D", data, "-U", USER, "--pwfile", pwFile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"], {
      ...asOwner,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${String((err as { stderr?: Buffer }).stderr ?? err)}`);
  }
  rmSync(pwFile);
  // Durability is not under test: fsync and full-page writes off keep the 2-core machine free.
  const serverArgs = (port: number) => ["-D", data, "-p", String(port), "-k", socketDir, "-c", `listen_addresses=${HOST}`, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"];
  const serve = async (port: number, logFile: string): Promise<Managed> => {
    const proc = startProcess("postgres", join(bin, "postgres"), serverArgs(port), logFile, asOwner);
    const endpoint: PostgresEndpoint = { host: HOST, port, user: USER, password, database: "postgres", socketDir };
    await readyOrStop(proc, () => waitUntil("postgres", () => answersQuery(endpoint), { timeoutMs: 30_000, intervalMs: 50, proc }));
    return proc;
  };
  try {
    const started = await withFreePorts(1, async ([port = 0], attempt) => ({ port, proc: await serve(port, attemptLog(runDir, "postgres", attempt)) }));
    const admin = new pg.Client({ host: HOST, port: started.port, user: USER, password, database: "postgres" });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await admin.end();
    }
    let server = started.proc;
    let restarts = 0;
    const proc: Managed = {
      name: server.name,
      logFile: server.logFile,
      get child() {
        return server.child;
      },
      exited: () => server.exited(),
      stop: async (graceMs) => {
        await server.stop(graceMs);
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return {
      host: HOST,
      port: started.port,
      user: USER,
      password,
      database: DATABASE,
      socketDir,
      proc,
      // An outage: the server stops (SIGINT, fast shutdown: clients are cut off, not waited for) and comes back on
      // the same port with the same data.
      stopServer: async () => {
        if (server.child.pid !== undefined && !server.exited()) process.kill(server.child.pid, "SIGINT");
        await server.stop(10_000);
      },
      startServer: async () => {
        restarts++;
        server = await serve(started.port, join(runDir, `postgres-restart-${restarts}.log`));
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function answersQuery(e: PostgresEndpoint): Promise<boolean> {
  const client = new pg.Client({ host: e.host, port: e.port, user: e.user, password: e.password, database: e.database, connectionTimeoutMillis: 1_000 });
  client.on("error", () => undefined); // a refused connection is the expected answer until the server is up
  try {
    await client.connect();
    return (await client.query("SELECT 1 AS one")).rows[0]?.one === 1;
  } finally {
    await client.end().catch(() => undefined);
  }
}
