// Store-free Response micro benchmark (not a test): the CPU per Response row of decoding the `question` column,
// building the rows and writing their CSV, in one process, for the sunbird shape's attempts (test/data/sunbird-shape.ts).
//   npm run bench:response-rows -- [--enrolments 20000] [--rounds 3] [--paths driver,bytes]
// The question values are encoded once with the driver's own Encoder, as Cassandra sends them; then each round runs
// both paths over the same bytes: "driver" (the driver's generic decoding, as before issue 18's byte reader) and
// "bytes" (runner/sources/cassandra/question-cells.ts, written straight into the CSV writer). CPU is process.cpuUsage (user + system) over the pass; heap
// flags are the runner's at 100k unless node is started with others. No Cassandra, Redis, zip or upload: those costs
// are bench:runner's.
import { createHash, type Hash } from "node:crypto";
import { parseArgs } from "node:util";
import { csvWriter } from "../runner/format/csv.ts";
import { parseHierarchy, titleOf } from "../runner/reports/hierarchy.ts";
import type { Attempt, Enrolment } from "../runner/reports/model.ts";
import { writeResponseRows } from "../runner/reports/response.ts";
import { newRowContext } from "../runner/reports/row-context.ts";
import { questionsOf } from "../runner/sources/cassandra/assessment-attempts.ts";
import { driverEncoderClass, RawUdtList } from "../runner/sources/cassandra/raw-udt-lists.ts";
import { questionListType } from "../test/data/question-column-type.ts";
import { SUNBIRD_BATCH_ID, SUNBIRD_COURSE_ID, sunbirdAttempts, sunbirdHierarchy, sunbirdUserId } from "../test/data/sunbird-shape.ts";

const { values: args } = parseArgs({ options: { enrolments: { type: "string", default: "20000" }, rounds: { type: "string", default: "3" }, paths: { type: "string", default: "driver,bytes" } } });
const enrolments = Number(args.enrolments);
const rounds = Number(args.rounds);
// One path only (--paths bytes) for a profile of that path.
const paths = (args.paths ?? "").split(",").filter((p): p is Path => p === "driver" || p === "bytes");

const encoder = new (driverEncoderClass())(4, {});
const type = questionListType();
const generic = (bytes: Buffer | null, t: typeof type) => encoder.decode(bytes, t);
const collection = parseHierarchy(SUNBIRD_COURSE_ID, sunbirdHierarchy());
const ctx = newRowContext(collection, { courseId: SUNBIRD_COURSE_ID, batchId: SUNBIRD_BATCH_ID, name: "Batch", status: 1 }, "Asia/Kolkata");
const title = (id: string) => titleOf(collection, id);

interface Stored {
  enrolment: Enrolment;
  attempts: { attempt: Omit<Attempt, "questions" | "questionRows">; bytes: Buffer }[];
}
const stored: Stored[] = [];
let rowCount = 0;
for (let i = 0; i < enrolments; i++) {
  const userId = sunbirdUserId(i);
  const enrolment: Enrolment = { userId, courseId: SUNBIRD_COURSE_ID, batchId: SUNBIRD_BATCH_ID, active: true, enrolledDate: null, enrolledDateLegacy: null, completedOn: null, contentStatus: null, certificates: null, issuedCertificates: null };
  const attempts = sunbirdAttempts(42, i).map((a) => {
    rowCount += Math.max(1, a.question.length);
    return {
      attempt: { contentId: a.content_id, attemptId: a.attempt_id, lastAttemptedOn: a.last_attempted_on, totalScore: a.total_score, totalMaxScore: a.total_max_score, grandTotal: a.grand_total },
      bytes: encoder.encode(a.question, type) as Buffer,
    };
  });
  stored.push({ enrolment, attempts });
}

type Path = "driver" | "bytes";
/** One pass over every attempt: decode, rows, CSV; returns CPU µs and CSV bytes (and their hash, when asked). */
function pass(path: Path, hash?: Hash): { cpuMicros: number; csvBytes: number } {
  const writer = csvWriter();
  let csvBytes = 0;
  const taken = (chunk: Buffer) => {
    hash?.update(chunk);
    return chunk.length;
  };
  const started = process.cpuUsage();
  for (let i = 0; i < stored.length; i++) {
    const { enrolment, attempts } = stored[i] as Stored;
    for (const { attempt, bytes } of attempts) {
      const value = path === "driver" ? generic(bytes, type) : new RawUdtList(bytes, type, encoder, generic);
      writeResponseRows(writer, ctx, enrolment, { ...attempt, ...questionsOf(value) }, title);
    }
    // The runner hands the CSV on per row group (a few enrolments).
    if (i % 4 === 3) csvBytes += taken(writer.take());
  }
  csvBytes += taken(writer.take());
  const used = process.cpuUsage(started);
  return { cpuMicros: used.user + used.system, csvBytes };
}

console.log(`${enrolments} enrolments, ${rowCount} Response rows (sunbird shape), node ${process.version} ${process.execArgv.join(" ")}`);
// Untimed first passes (warm-up) that also check both paths write the same CSV.
const digests = (["driver", "bytes"] as const).map((path) => {
  const hash = createHash("sha256");
  pass(path, hash);
  return hash.digest("hex");
});
if (digests[0] !== digests[1]) throw new Error(`the two paths wrote different CSV: ${digests.join(" ")}`);
for (let r = 1; r <= rounds; r++) {
  for (const path of paths) {
    const { cpuMicros, csvBytes } = pass(path);
    console.log(`round ${r} ${path.padEnd(6)} ${(cpuMicros / 1e6).toFixed(2)} CPU-s  ${(cpuMicros / rowCount).toFixed(2)} µs/row  ${(csvBytes / 1e6).toFixed(1)} MB CSV`);
  }
}
