import { describe, expect, it } from "vitest";
import { gracefulShutdown } from "../../../../operator/manager/graceful-shutdown.ts";
import { newLogger } from "../../../../operator/log/log.ts";

const log = newLogger({ level: "silent" });

describe("gracefulShutdown", () => {
  it("stops intake, drains with the timeout, releases, then closes; exit code 0", async () => {
    const steps: string[] = [];
    const shutdown = gracefulShutdown(
      {
        stopIntake: () => void steps.push("stopIntake"),
        drain: async (timeoutMs) => (steps.push(`drain ${timeoutMs}`), true),
        release: async () => void steps.push("release"),
        close: async () => void steps.push("close"),
      },
      { drainTimeoutMs: 25_000, log },
    );
    expect(await shutdown("SIGTERM")).toBe(0);
    expect(steps).toEqual(["stopIntake", "drain 25000", "release", "close"]);
  });

  it("a failed step does not skip the Lease release, and the exit code says it failed", async () => {
    const steps: string[] = [];
    const shutdown = gracefulShutdown(
      {
        stopIntake: () => void steps.push("stopIntake"),
        drain: async () => {
          throw new Error("boom");
        },
        release: async () => void steps.push("release"),
      },
      { drainTimeoutMs: 1000, log },
    );
    expect(await shutdown("SIGTERM")).toBe(1);
    expect(steps).toEqual(["stopIntake", "release"]);
  });

  it("runs once however often it is triggered", async () => {
    let releases = 0;
    const shutdown = gracefulShutdown(
      { stopIntake: () => {}, drain: async () => true, release: async () => void releases++ },
      { drainTimeoutMs: 1000, log },
    );
    await Promise.all([shutdown("SIGTERM"), shutdown("SIGINT"), shutdown("lost leadership")]);
    expect(releases).toBe(1);
  });
});
