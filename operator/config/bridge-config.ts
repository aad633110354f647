import { z } from "zod";
import { REPORTS, type Report } from "../../crds/exhaust-request.ts";

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Sunbird's job ids (job_request.job_id, the API's dataset) of the three reports (reports-spec.md §1.1). */
const defaultJobIds: Record<Report, string> = { userinfo: "userinfo-exhaust", response: "response-exhaust", progress: "progress-exhaust" };

/**
 * The Sunbird bridge (docs/sunbird-bridge.md): off unless enabled, so a cluster without Sunbird runs none. The
 * Postgres password is not here: main.ts reads it from the environment (the chart's existingSecret).
 */
export const bridgeConfigSchema = z
  .object({
    enabled: z.union([z.boolean(), z.stringbool()]).default(false),
    /** Where the bridge creates its ExhaustRequests and their key Secrets. */
    namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/).max(63).default("exhaust"),
    /** postgres.table.job_request: `<env>_job_request`; interpolated into SQL, so a plain identifier only. */
    table: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, "a plain SQL identifier").default("dev_job_request"),
    jobIds: z.object(Object.fromEntries(REPORTS.map((r) => [r, z.string().min(1).max(50).default(defaultJobIds[r])])) as Record<Report, z.ZodDefault<z.ZodString>>).prefault({}),
    /** The interval that replaces Sunbird's daily drain (and §1.3's per-tick bridge mode). */
    pollSeconds: count(1, 3600).default(5),
    /** Rows read and submissions started per pass: the SELECT's LIMIT. */
    rowsPerPass: count(1, 1000).default(50),
    /** Kept on bridge requests; after it the request and its Secret go, the row keeps its result. */
    requestTtlSeconds: count(3600, 31_536_000).default(604_800),
    /**
     * Cutover from the Spark jobs, opt-in: adopt (reset to SUBMITTED) the FAILED rows with iteration < 3 that Spark
     * finished before `cutoverAt`, and the PROCESSING rows submitted before it that no bridge request serves.
     * Rows the bridge writes after cutoverAt never match, so each row is adopted at most once.
     */
    adoptSparkRows: z
      .object({ enabled: z.union([z.boolean(), z.stringbool()]).default(false), cutoverAt: z.iso.datetime({ offset: true }).optional() })
      .refine((a) => !a.enabled || a.cutoverAt !== undefined, { message: "cutoverAt is required when adoptSparkRows is enabled", path: ["cutoverAt"] })
      .prefault({}),
    postgres: z
      .object({
        host: z.string().min(1).default("localhost"),
        port: count(1, 65535).default(5432),
        database: z.string().min(1).default("analytics"),
        user: z.string().min(1).default("analytics"),
        ssl: z.union([z.boolean(), z.stringbool()]).default(false),
        connectTimeoutSeconds: count(1, 300).default(10),
      })
      .prefault({}),
  });
export type BridgeConfig = z.output<typeof bridgeConfigSchema>;

/** The report a job id names, or undefined for a job the bridge does not run. */
export const reportOfJobId = (jobIds: BridgeConfig["jobIds"], jobId: string): Report | undefined => REPORTS.find((r) => jobIds[r] === jobId);
