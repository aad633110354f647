import { z } from "zod";

const seconds = z.coerce.number().int().min(1).max(3600);

/** How the ExhaustSchedule controller treats late slots and names held by others (docs/api.md). */
export const scheduleConfigSchema = z.object({
  /** Under missedRunPolicy Skip without startingDeadlineSeconds, how late the current slot may still start. */
  lateStartGraceSeconds: seconds.default(120),
  /** How soon a schedule looks again while an object it does not control holds a run's name. */
  recheckSeconds: seconds.default(30),
});
export type ScheduleConfig = z.output<typeof scheduleConfigSchema>;

export const DEFAULT_SCHEDULE_CONFIG: ScheduleConfig = scheduleConfigSchema.parse({});
