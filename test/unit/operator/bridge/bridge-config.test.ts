import { describe, expect, it } from "vitest";
import { bridgeConfigSchema, reportOfJobId } from "../../../../operator/config/bridge-config.ts";

describe("bridge settings", () => {
  it("nothing set -> off, Sunbird's job ids, a few seconds between passes, a bounded batch", () => {
    expect(bridgeConfigSchema.parse({})).toMatchObject({
      enabled: false,
      jobIds: { userinfo: "userinfo-exhaust", response: "response-exhaust", progress: "progress-exhaust" },
      pollSeconds: 5,
      rowsPerPass: 50,
      adoptSparkRows: { enabled: false },
      postgres: { port: 5432, database: "analytics" },
    });
  });

  const refused: { name: string; input: Record<string, unknown>; path: string }[] = [
    { name: "cutover switch on without cutoverAt", input: { adoptSparkRows: { enabled: true } }, path: "adoptSparkRows.cutoverAt" },
    { name: "a table name that is not a plain identifier (it is interpolated into SQL)", input: { table: "job_request; DROP TABLE x" }, path: "table" },
    { name: "a batch of 0 rows per pass", input: { rowsPerPass: 0 }, path: "rowsPerPass" },
  ];
  it.each(refused)("$name -> refused at $path", ({ input, path }) => {
    const parsed = bridgeConfigSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toContain(path);
  });

  const jobs = [
    { jobId: "userinfo-exhaust", expected: "userinfo" },
    { jobId: "progress-exhaust", expected: "progress" },
    { jobId: "uci-private-exhaust", expected: undefined },
  ];
  it.each(jobs)("job id $jobId -> report $expected", ({ jobId, expected }) => expect(reportOfJobId(bridgeConfigSchema.parse({}).jobIds, jobId)).toBe(expected));
});
