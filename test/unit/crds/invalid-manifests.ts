// One invalid manifest per validation rule, shared by the zod unit tests and the apiserver integration tests.
// `field` is the path the rejection must name; `admissionOnly` marks rules zod cannot see (unknown-field decoding).

export type Manifest = { [key: string]: unknown };
type Spec = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- cases poke at arbitrary depths

export const validRequest = (): Manifest => ({
  apiVersion: "exhaust.sunbird.org/v1alpha1",
  kind: "ExhaustRequest",
  metadata: { name: "progress-0130928650617569280" },
  spec: {
    report: "progress",
    collectionId: "do_1130928636168192001667",
    batches: { ids: ["0130928650617569280"] },
    requestedBy: "5a587cc1-e018-4859-a0a8-e842650b9d64",
    requestedChannel: "01269878797503692810",
  },
});

export const validSchedule = (): Manifest => ({
  apiVersion: "exhaust.sunbird.org/v1alpha1",
  kind: "ExhaustSchedule",
  metadata: { name: "run-progress-exhaust" },
  spec: {
    schedules: ["30 3 * * *"],
    timeZone: "Etc/UTC",
    template: { spec: (validRequest().spec as Spec) },
  },
});

export interface InvalidCase {
  name: string;
  base: () => Manifest;
  mutate: (m: Spec) => void;
  field: string;
  admissionOnly?: boolean;
}

const req = (name: string, field: string, mutate: (spec: Spec) => void, admissionOnly = false): InvalidCase => ({
  name,
  base: validRequest,
  mutate: (m) => mutate(m["spec"]),
  field,
  admissionOnly,
});
const sched = (name: string, field: string, mutate: (spec: Spec) => void): InvalidCase => ({
  name,
  base: validSchedule,
  mutate: (m) => mutate(m["spec"]),
  field,
});
const userinfo = (s: Spec) => {
  s["report"] = "userinfo";
  s["password"] = { secretKeyRef: { name: "zip-password", key: "password" } };
};

export const invalidCreates: InvalidCase[] = [
  req("report outside the enum", "spec.report", (s) => (s["report"] = "attendance")),
  req("collectionId missing", "spec.collectionId", (s) => delete s["collectionId"]),
  req("collectionId with a space", "spec.collectionId", (s) => (s["collectionId"] = "do 1")),
  req("collectionId longer than 128", "spec.collectionId", (s) => (s["collectionId"] = `do_${"1".repeat(130)}`)),
  req("batches sets both ids and all", "spec.batches", (s) => (s["batches"] = { ids: ["b1"], all: {} })),
  req("batches sets neither ids nor all", "spec.batches", (s) => (s["batches"] = {})),
  req("batches.ids empty", "spec.batches.ids", (s) => (s["batches"] = { ids: [] })),
  req("batches.ids over 100", "spec.batches.ids", (s) => (s["batches"] = { ids: Array.from({ length: 101 }, (_, i) => `b${i}`) })),
  req("batches.ids duplicated", "spec.batches.ids", (s) => (s["batches"] = { ids: ["b1", "b1"] })),
  req("batch id with a slash", "spec.batches.ids[0]", (s) => (s["batches"] = { ids: ["../b1"] })),
  req("batch status 3", "spec.batches.all.statuses[0]", (s) => (s["batches"] = { all: { statuses: [3] } })),
  req("requestedBy missing", "spec.requestedBy", (s) => delete s["requestedBy"]),
  req("requestedChannel empty", "spec.requestedChannel", (s) => (s["requestedChannel"] = "")),
  req("requestId with a space", "spec.requestId", (s) => (s["requestId"] = "a b")),
  req("userinfo without password", "spec.password", (s) => (s["report"] = "userinfo")),
  req("password in plain text (no such field)", "spec.password", (s) => (s["password"] = { value: "secret" }), true),
  req("password secret name not a DNS name", "spec.password.secretKeyRef.name", (s) => {
    userinfo(s);
    s["password"].secretKeyRef.name = "Zip_Password";
  }),
  req("password secret key missing", "spec.password.secretKeyRef.key", (s) => {
    userinfo(s);
    delete s["password"].secretKeyRef.key;
  }),
  req("output.format tar", "spec.output.format", (s) => (s["output"] = { format: "tar" })),
  req("userinfo as csv", "spec.output.format", (s) => {
    userinfo(s);
    s["output"] = { format: "csv" };
  }),
  req("output.encryption des", "spec.output.encryption", (s) => (s["output"] = { encryption: "des" })),
  req("output.bucket upper case", "spec.output.bucket", (s) => (s["output"] = { bucket: "Reports" })),
  req("output.prefix absolute", "spec.output.prefix", (s) => (s["output"] = { prefix: "/reports" })),
  req("retry.maxAttempts 0", "spec.retry.maxAttempts", (s) => (s["retry"] = { maxAttempts: 0 })),
  req("retry.maxAttempts 11", "spec.retry.maxAttempts", (s) => (s["retry"] = { maxAttempts: 11 })),
  req("retry.factor not an integer", "spec.retry.factor", (s) => (s["retry"] = { factor: 1.5 })),
  req("retry initial backoff above max", "spec.retry.initialBackoffSeconds", (s) => (s["retry"] = { initialBackoffSeconds: 3600 })),
  req("deadlines.requestSeconds 0", "spec.deadlines.requestSeconds", (s) => (s["deadlines"] = { requestSeconds: 0 })),
  req("batch deadline above request deadline", "spec.deadlines.batchSeconds", (s) => (s["deadlines"] = { requestSeconds: 60, batchSeconds: 120 })),
  req("ttlSecondsAfterFinished negative", "spec.ttlSecondsAfterFinished", (s) => (s["ttlSecondsAfterFinished"] = -1)),
  req("webhook without urlSecretRef", "spec.webhook.urlSecretRef", (s) => (s["webhook"] = {})),
  req("suspend a string", "spec.suspend", (s) => (s["suspend"] = "yes")),
  req("outputReclaimPolicy not Retain or Delete", "spec.outputReclaimPolicy", (s) => (s["outputReclaimPolicy"] = "Recycle")),
  // Wrong types.
  req("collectionId a number", "spec.collectionId", (s) => (s["collectionId"] = 1130928636168192)),
  req("batches.ids a string", "spec.batches.ids", (s) => (s["batches"] = { ids: "0130928650617569280" })),
  req("retry.maxAttempts a string", "spec.retry.maxAttempts", (s) => (s["retry"] = { maxAttempts: "3" })),
  req("deadlines a list", "spec.deadlines", (s) => (s["deadlines"] = [600])),
  // Out of range and oversized.
  req("deadlines.batchSeconds over 30 days", "spec.deadlines.batchSeconds", (s) => (s["deadlines"] = { batchSeconds: 2592001 })),
  req("ttlSecondsAfterFinished over a year", "spec.ttlSecondsAfterFinished", (s) => (s["ttlSecondsAfterFinished"] = 31536001)),
  req("requestedBy over 256 characters", "spec.requestedBy", (s) => (s["requestedBy"] = "u".repeat(257))),
  req("requestedChannel over 128 characters", "spec.requestedChannel", (s) => (s["requestedChannel"] = "0".repeat(129))),
  req("requestId over 64 characters", "spec.requestId", (s) => (s["requestId"] = "R".repeat(65))),
  req("output.bucket over 63 characters", "spec.output.bucket", (s) => (s["output"] = { bucket: "b".repeat(64) })),
  req("output.prefix over 256 characters", "spec.output.prefix", (s) => (s["output"] = { prefix: "p".repeat(257) })),
  req("output.provider unknown", "spec.output.provider", (s) => (s["output"] = { provider: "ftp" })),
  // Plaintext secrets: no field takes a value, and references must be references.
  req("password as a plain string", "spec.password", (s) => (s["password"] = "hunter2")),
  req("password value beside its secretKeyRef (no such field)", "spec.password.secretKeyRef.value", (s) => {
    userinfo(s);
    s["password"].secretKeyRef.value = "hunter2";
  }, true),
  req("webhook URL in plain text (no such field)", "spec.webhook", (s) => (s["webhook"] = { url: "https://hooks.example.org/x?token=t0ken" })),
  {
    name: "request name over 40 characters",
    base: validRequest,
    mutate: (m) => (m["metadata"].name = `r-${"a".repeat(40)}`),
    field: "metadata.name",
  },
  { name: "request name with a dot", base: validRequest, mutate: (m) => (m["metadata"].name = "a.b"), field: "metadata.name" },
  { name: "request without spec", base: validRequest, mutate: (m) => delete m["spec"], field: "spec" },
  sched("schedules empty", "spec.schedules", (s) => (s["schedules"] = [])),
  sched("schedule with four fields", "spec.schedules", (s) => (s["schedules"] = ["0 3 * *"])),
  sched("schedule with CRON_TZ", "spec.schedules", (s) => (s["schedules"] = ["CRON_TZ=Asia/Kolkata 0 3 * * *"])),
  sched("schedules duplicated", "spec.schedules", (s) => (s["schedules"] = ["0 3 * * *", "0 3 * * *"])),
  sched("timeZone with a space", "spec.timeZone", (s) => (s["timeZone"] = "Asia/ Kolkata")),
  sched("concurrencyPolicy outside the enum", "spec.concurrencyPolicy", (s) => (s["concurrencyPolicy"] = "Sometimes")),
  sched("startingDeadlineSeconds below 10", "spec.startingDeadlineSeconds", (s) => (s["startingDeadlineSeconds"] = 5)),
  sched("missedRunPolicy outside the enum", "spec.missedRunPolicy", (s) => (s["missedRunPolicy"] = "Never")),
  sched("RunAll with Replace", "spec.missedRunPolicy", (s) => {
    s["missedRunPolicy"] = "RunAll";
    s["concurrencyPolicy"] = "Replace";
  }),
  sched("Forbid without a request deadline", "spec.concurrencyPolicy", (s) => (s["concurrencyPolicy"] = "Forbid")),
  sched("maxMissedRuns 0", "spec.maxMissedRuns", (s) => (s["maxMissedRuns"] = 0)),
  sched("successfulRunsHistoryLimit negative", "spec.successfulRunsHistoryLimit", (s) => (s["successfulRunsHistoryLimit"] = -1)),
  sched("failedRunsHistoryLimit over 50", "spec.failedRunsHistoryLimit", (s) => (s["failedRunsHistoryLimit"] = 51)),
  sched("runNow with a space", "spec.runNow", (s) => (s["runNow"] = "run now")),
  sched("template missing", "spec.template", (s) => delete s["template"]),
  sched("template sets requestId", "spec.template.spec.requestId", (s) => (s["template"].spec.requestId = "R1")),
  sched("template userinfo without password", "spec.template.spec.password", (s) => (s["template"].spec.report = "userinfo")),
  sched("template label key invalid", "spec.template.metadata.labels", (s) => (s["template"].metadata = { labels: { "bad key": "x" } })),
  sched("template label value too long", "spec.template.metadata.labels", (s) => (s["template"].metadata = { labels: { team: "x".repeat(64) } })),
  sched("schedules a string", "spec.schedules", (s) => (s["schedules"] = "0 3 * * *")),
  sched("schedules over 10", "spec.schedules", (s) => (s["schedules"] = Array.from({ length: 11 }, (_, i) => `${i} 3 * * *`))),
  sched("startingDeadlineSeconds a string", "spec.startingDeadlineSeconds", (s) => (s["startingDeadlineSeconds"] = "60")),
  sched("template report unknown", "spec.template.spec.report", (s) => (s["template"].spec.report = "attendance")),
  sched("template batches.ids over 100", "spec.template.spec.batches.ids", (s) => (s["template"].spec.batches = { ids: Array.from({ length: 101 }, (_, i) => `b${i}`) })),
  sched("template password as a plain string", "spec.template.spec.password", (s) => (s["template"].spec.password = "hunter2")),
  {
    name: "schedule name over 30 characters",
    base: validSchedule,
    mutate: (m) => (m["metadata"].name = `s-${"a".repeat(30)}`),
    field: "metadata.name",
  },
];

export interface InvalidUpdate {
  name: string;
  mutate: (spec: Spec) => void;
  field: string;
}

/** Changes to a created ExhaustRequest's spec that the transition rules reject. */
export const invalidUpdates: InvalidUpdate[] = [
  { name: "report changed", field: "spec.report", mutate: (s) => (s["report"] = "response") },
  { name: "collectionId changed", field: "spec.collectionId", mutate: (s) => (s["collectionId"] = "do_2") },
  { name: "batches changed", field: "spec.batches", mutate: (s) => (s["batches"] = { ids: ["0130928650617569280", "b2"] }) },
  { name: "requestedBy changed", field: "spec.requestedBy", mutate: (s) => (s["requestedBy"] = "someone-else") },
  { name: "requestedChannel changed", field: "spec.requestedChannel", mutate: (s) => (s["requestedChannel"] = "other-org") },
  { name: "requestId added", field: "spec.requestId", mutate: (s) => (s["requestId"] = "R1") },
  { name: "password added", field: "spec.password", mutate: (s) => (s["password"] = { secretKeyRef: { name: "p", key: "k" } }) },
  { name: "output added", field: "spec.output", mutate: (s) => (s["output"] = { format: "csv" }) },
  { name: "retry added", field: "spec.retry", mutate: (s) => (s["retry"] = { maxAttempts: 5 }) },
  { name: "deadlines added", field: "spec.deadlines", mutate: (s) => (s["deadlines"] = { requestSeconds: 600 }) },
  { name: "webhook added", field: "spec.webhook", mutate: (s) => (s["webhook"] = { urlSecretRef: { name: "hook", key: "url" } }) },
];

/** Applies a case to a fresh copy of its base manifest. */
export const manifestFor = (c: { base: () => Manifest; mutate: (m: Spec) => void }): Manifest => {
  const m = c.base();
  c.mutate(m);
  return m;
};
