import { z } from "zod";
import type { CelRule, CrdSource } from "./common.ts";
import {
  EXHAUST_API_VERSION,
  boundedString,
  nameLengthRule,
  nonNegativeInt,
  resourceMetaSchema,
  timestampSchema,
  withCelRules,
} from "./common.ts";
import { conditionsSchema } from "./conditions.ts";
import { requestSpecSchemaAt } from "./exhaust-request.ts";

export const EXHAUST_SCHEDULE_KIND = "ExhaustSchedule";
export const EXHAUST_SCHEDULE_PLURAL = "exhaustschedules";

/** Requests are named `<schedule>-<unix minutes of the slot>` (8 digits): 30 + 1 + 8 fits MAX_REQUEST_NAME_LENGTH. */
export const MAX_SCHEDULE_NAME_LENGTH = 30;
export const MAX_HISTORY = 20;
export const MAX_ACTIVE = 50;

export const CONCURRENCY_POLICIES = ["Allow", "Forbid", "Replace"] as const;
export type ConcurrencyPolicy = (typeof CONCURRENCY_POLICIES)[number];
export const MISSED_RUN_POLICIES = ["Skip", "RunLatest", "RunAll"] as const;
export type MissedRunPolicy = (typeof MISSED_RUN_POLICIES)[number];
export const RUN_RESULTS = ["Succeeded", "PartiallySucceeded", "Failed", "Missed", "Skipped", "Replaced"] as const;
export type RunResult = (typeof RUN_RESULTS)[number];

/** The shape only: five fields or a macro. What the fields mean is the controller's check (ScheduleValid). */
const CRON_FIELD = "[0-9A-Za-z*/,?-]+";
export const CRON_SHAPE = `^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|${CRON_FIELD}( ${CRON_FIELD}){4})$`;
const hasTimeZonePrefix = (cron: string) => cron.startsWith("CRON_TZ=") || cron.startsWith("TZ=");

const LABEL_KEY = "^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$";

const templateMetadataSchema = z.object({
  labels: withCelRules(
    z.record(z.string(), boundedString(63).regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/)).meta({ maxProperties: 32 }),
    [
      {
        rule: `self.all(k, k.size() <= 317 && k.matches('${LABEL_KEY}'))`,
        message: "spec.template.metadata.labels keys must be valid label keys ([prefix/]name)",
        holds: (labels) => Object.keys(labels).every((k) => k.length <= 317 && new RegExp(LABEL_KEY).test(k)),
      },
    ],
  ).optional(),
  annotations: z.record(z.string(), boundedString(4096)).meta({ maxProperties: 32 }).optional(),
});

const templateSpecSchema = requestSpecSchemaAt("spec.template.spec", [
  {
    rule: "!has(self.requestId)",
    message: "spec.template.spec.requestId must not be set: every run gets its own requestId",
    fieldPath: ".requestId",
    reason: "FieldValueForbidden",
    holds: (s) => s.requestId === undefined,
  },
]);

const scheduleSpecObject = z.object({
  schedules: z
    .array(boundedString(128, 1))
    .min(1)
    .max(10)
    .refine((s) => new Set(s).size === s.length, "schedules must be unique")
    .meta({ "x-kubernetes-list-type": "set" })
    .describe("Cron expressions (5 fields or @hourly/@daily/...); a run is due at every slot of any of them."),
  timeZone: boundedString(64, 1)
    .regex(/^[A-Za-z][A-Za-z0-9_+/-]*$/)
    .default("UTC")
    .describe("IANA time zone the schedules are evaluated in."),
  concurrencyPolicy: z.enum(CONCURRENCY_POLICIES).default("Allow"),
  startingDeadlineSeconds: z.int().min(10).max(2592000).optional().describe("A slot later than this is missed."),
  missedRunPolicy: z.enum(MISSED_RUN_POLICIES).default("RunLatest").describe("What to start for slots missed while the controller was away."),
  maxMissedRuns: z.int().min(1).max(100).default(10).describe("RunAll starts at most this many missed slots, newest first."),
  suspend: z.boolean().default(false).describe("Start no new runs; missed slots are skipped and counted; active runs continue."),
  successfulRunsHistoryLimit: z.int().min(0).max(50).default(3),
  failedRunsHistoryLimit: z.int().min(0).max(50).default(1),
  runNow: boundedString(63, 1)
    .regex(/^[A-Za-z0-9._:-]+$/)
    .optional()
    .describe("Set to a new token to start one run now; the controller records it in status.lastRunNowToken."),
  template: z.object({ metadata: templateMetadataSchema.optional(), spec: templateSpecSchema }),
});
export type ExhaustScheduleSpec = z.output<typeof scheduleSpecObject>;
export type ExhaustScheduleSpecInput = z.input<typeof scheduleSpecObject>;

const scheduleSpecRules: CelRule<ExhaustScheduleSpec>[] = [
  {
    rule: "self.schedules.all(s, !s.startsWith('CRON_TZ=') && !s.startsWith('TZ='))",
    message: "spec.schedules must not carry CRON_TZ= or TZ=: set spec.timeZone instead",
    fieldPath: ".schedules",
    holds: (s) => !s.schedules.some(hasTimeZonePrefix),
  },
  {
    // A CEL rule rather than a schema pattern: a failed pattern would hide the clearer CRON_TZ message above.
    rule: `self.schedules.all(s, s.startsWith('CRON_TZ=') || s.startsWith('TZ=') || s.matches('${CRON_SHAPE}'))`,
    message: "spec.schedules entries must have 5 space-separated fields or be one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly",
    fieldPath: ".schedules",
    holds: (s) => s.schedules.every((c) => hasTimeZonePrefix(c) || new RegExp(CRON_SHAPE).test(c)),
  },
  {
    rule: "self.missedRunPolicy != 'RunAll' || self.concurrencyPolicy == 'Allow'",
    message: "spec.missedRunPolicy RunAll requires spec.concurrencyPolicy Allow (catch-up runs overlap)",
    fieldPath: ".missedRunPolicy",
    holds: (s) => s.missedRunPolicy !== "RunAll" || s.concurrencyPolicy === "Allow",
  },
  {
    rule: "self.concurrencyPolicy != 'Forbid' || (has(self.template.spec.deadlines) && has(self.template.spec.deadlines.requestSeconds))",
    message: "spec.concurrencyPolicy Forbid requires spec.template.spec.deadlines.requestSeconds, or one hung run blocks every later run",
    fieldPath: ".concurrencyPolicy",
    reason: "FieldValueRequired",
    holds: (s) => s.concurrencyPolicy !== "Forbid" || s.template.spec.deadlines?.requestSeconds !== undefined,
  },
];
export const exhaustScheduleSpecSchema = withCelRules(scheduleSpecObject, scheduleSpecRules);

export const runRecordSchema = z.object({
  name: boundedString(63, 1).describe("The ExhaustRequest the run has (or, when missed, would have had)."),
  scheduledTime: timestampSchema,
  result: z.enum(RUN_RESULTS),
  rows: nonNegativeInt().optional(),
  bytes: nonNegativeInt().optional(),
  durationSeconds: nonNegativeInt().optional(),
  reason: boundedString(1024).optional(),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

export const exhaustScheduleStatusSchema = z.object({
  observedGeneration: nonNegativeInt().optional(),
  lastScheduleTime: timestampSchema.optional(),
  nextScheduleTime: timestampSchema.optional(),
  lastSuccessfulTime: timestampSchema.optional(),
  lastFailureTime: timestampSchema.optional(),
  lastRunNowToken: boundedString(63).optional(),
  active: z
    .array(z.object({ name: boundedString(63, 1) }))
    .max(MAX_ACTIVE)
    .meta({ "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"] })
    .optional(),
  history: z.array(runRecordSchema).max(MAX_HISTORY).optional().describe("Finished, missed and skipped runs, newest first."),
  conditions: conditionsSchema.optional(),
});
export type ExhaustScheduleStatus = z.infer<typeof exhaustScheduleStatusSchema>;

export const exhaustScheduleSchema = withCelRules(
  z.object({
    apiVersion: z.literal(EXHAUST_API_VERSION),
    kind: z.literal(EXHAUST_SCHEDULE_KIND),
    metadata: resourceMetaSchema,
    spec: exhaustScheduleSpecSchema,
    status: exhaustScheduleStatusSchema.optional(),
  }),
  [nameLengthRule(MAX_SCHEDULE_NAME_LENGTH, "request names are <schedule>-<unix minutes>")],
);
export type ExhaustSchedule = z.output<typeof exhaustScheduleSchema>;
export type ExhaustScheduleInput = z.input<typeof exhaustScheduleSchema>;

export const exhaustScheduleCrd: CrdSource = {
  kind: EXHAUST_SCHEDULE_KIND,
  plural: EXHAUST_SCHEDULE_PLURAL,
  singular: "exhaustschedule",
  shortNames: ["exs"],
  categories: ["exhaust"],
  description: "Creates ExhaustRequests from a template on a cron schedule, replacing Sunbird's exhaust CronJobs.",
  schema: exhaustScheduleSchema,
  printerColumns: [
    { name: "Schedule", type: "string", jsonPath: ".spec.schedules" },
    { name: "TimeZone", type: "string", jsonPath: ".spec.timeZone" },
    { name: "Suspend", type: "boolean", jsonPath: ".spec.suspend" },
    { name: "Last Run", type: "date", jsonPath: ".status.lastScheduleTime" },
    { name: "Next Run", type: "string", jsonPath: ".status.nextScheduleTime" },
    { name: "Last Result", type: "string", jsonPath: '.status.conditions[?(@.type=="LastRunSucceeded")].reason' },
    { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
  ],
};
