import { describe, expect, it } from "vitest";
import { operatorConfigSchema } from "../../../../../operator/config/operator-config.ts";
import { storeSettingsFor } from "../../../../../operator/requests/store-reads/store-settings.ts";

const runnerWith = (settings: Record<string, string | number | boolean | string[]>) => operatorConfigSchema.parse({ runner: { image: "exhaust-runner:1", settings } }).runner;

describe("storeSettingsFor", () => {
  it("reads the runners' Cassandra settings with the runner's defaults", () => {
    const result = storeSettingsFor(runnerWith({ cassandraContactPoints: "10.0.0.1:9042,10.0.0.2:9042", hierarchyKeyspace: "dev_hierarchy_store" }));
    expect(result).toEqual({
      ok: true,
      settings: {
        contactPoints: ["10.0.0.1:9042", "10.0.0.2:9042"],
        localDataCenter: "datacenter1",
        consistency: "LOCAL_QUORUM",
        coursesKeyspace: "sunbird_courses",
        hierarchyKeyspace: "dev_hierarchy_store",
        enrolmentsKeyspace: "sunbird_courses",
        enrolmentsTable: "user_enrolments",
      },
    });
  });

  it("names every missing required setting with its env variable", () => {
    const result = storeSettingsFor(runnerWith({}));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain("runner.settings.cassandraContactPoints (EXHAUST_CASSANDRA_CONTACT_POINTS)");
      expect(result.error).toContain("runner.settings.hierarchyKeyspace (EXHAUST_HIERARCHY_KEYSPACE)");
    }
  });
});
