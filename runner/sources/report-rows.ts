import type { Redis } from "ioredis";
import { csvWriter, type CsvWriter, type EncodedRows } from "../format/csv.ts";
import type { Collection } from "../reports/hierarchy.ts";
import { titleOf } from "../reports/hierarchy.ts";
import type { CachedUser, Enrolment } from "../reports/model.ts";
import { isInUserCache, keepsUser, requestingOrg } from "../reports/org-filter.ts";
import { progressRow, scoresFromAggregates, scoresFromAttempts, type AttemptSelection, type ScoreCells } from "../reports/progress.ts";
import { writeResponseRows } from "../reports/response.ts";
import type { RowContext } from "../reports/row-context.ts";
import { userInfoRows } from "../reports/userinfo.ts";
import { readActivityAggregates, readAttempts } from "./cassandra/assessment-attempts.ts";
import type { CassandraReads } from "./cassandra/cassandra-reads.ts";
import { chunked } from "../streams/chunked.ts";
import { mapConcurrent } from "../streams/map-concurrent.ts";
import { readUsers } from "./redis/redis-caches.ts";
import { readConsents } from "./cassandra/user-consent.ts";

/**
 * How one report turns a cached, org-filtered enrolment into rows, given the per-user reads it needs. `cacheFields`
 * are the user-cache fields its rows and the org filter read.
 */
export type ReportSpec = { requestedOrg: string; cacheFields: readonly string[] } & (
  | { report: "userinfo"; userKeyspace: string; decryptAll: (values: readonly string[]) => string[] }
  | { report: "response"; coursesKeyspace: string }
  | {
      report: "progress";
      coursesKeyspace: string;
      assessmentIds: readonly string[];
      optionalNodes: ReadonlySet<string>;
      scoreSource: "assessment_aggregator" | "user_activity_agg";
      attemptSelection: AttemptSelection;
      activityType: string;
    }
);

export interface RowSourceDeps {
  db: CassandraReads;
  userCache: Redis;
  redisKeyPrefix: string;
  pipelineSize: number;
  /** Per-user lookup requests (each for up to lookupGroupSize users) in flight at once. */
  concurrency: number;
}

/** Users per lookup request: an IN on the partition key; small enough to stay far from Cassandra's IN guardrails. */
export const lookupGroupSize = 50;

/** Counted while rows stream; read once the stream has ended. */
export interface RowStats {
  rows: number;
  usersSkipped: number;
}

type Member = { enrolment: Enrolment; user: CachedUser };

/**
 * The batch's report rows, a group of rows at a time: enrolments joined with the user cache (one pipeline per
 * pipelineSize enrolments; a missing user is skipped and counted, D5), filtered by org (D6), then the report's
 * per-user reads for groups of lookupGroupSize users with bounded concurrency. Arrays all the way, so the per-item
 * cost of promises and generator steps is paid per group, not per row. Pulled lazily end to end: memory is bounded
 * by the pipeline and concurrency sizes, not by the batch.
 */
export async function* reportRows(enrolments: AsyncIterable<readonly Enrolment[]>, collection: Collection, ctx: RowContext, spec: ReportSpec, deps: RowSourceDeps, stats: RowStats): AsyncGenerator<string[][] | EncodedRows> {
  const cached = mapConcurrent(chunked(enrolments, deps.pipelineSize), 2, async (chunk) => ({
    chunk,
    users: await readUsers(deps.userCache, deps.redisKeyPrefix, chunk.map((e) => e.userId), spec.cacheFields),
  }));
  const groups = memberGroups(cached, spec, collection, stats);
  // One writer for every group: a group's records are written and taken in one synchronous step.
  const writer = csvWriter();
  for await (const rows of mapConcurrent(groups, deps.concurrency, (group) => rowsFor(group, collection, ctx, spec, deps.db, writer))) {
    const count = Array.isArray(rows) ? rows.length : rows.rows;
    if (count === 0) continue;
    stats.rows += count;
    yield rows;
  }
}

async function* memberGroups(cached: AsyncIterable<{ chunk: Enrolment[]; users: (CachedUser | null)[] }>, spec: ReportSpec, collection: Collection, stats: RowStats): AsyncGenerator<Member[]> {
  let group: Member[] = [];
  for await (const { chunk, users } of cached) {
    for (let i = 0; i < chunk.length; i++) {
      const user = users[i] ?? null;
      if (!isInUserCache(user)) {
        stats.usersSkipped++;
        continue;
      }
      if (!keepsUser(spec.requestedOrg, collection.channel, user)) continue;
      group.push({ enrolment: chunk[i] as Enrolment, user });
      if (group.length === lookupGroupSize) {
        yield group;
        group = [];
      }
    }
  }
  if (group.length > 0) yield group;
}

/**
 * A group's rows: cells for the CSV stream to write, or, for Response (about 11 rows an enrolment), records written
 * as soon as the group's attempts arrive, so its many fields never live as strings or arrays (issue 18: row data that
 * waited in the queues as objects survived the young generation and cost most of the runner's garbage collection).
 */
async function rowsFor(group: Member[], collection: Collection, ctx: RowContext, spec: ReportSpec, db: CassandraReads, writer: CsvWriter): Promise<string[][] | EncodedRows> {
  const userIds = group.map((m) => m.enrolment.userId);
  switch (spec.report) {
    case "userinfo": {
      const consents = await readConsents(db, spec.userKeyspace, userIds, requestingOrg(spec.requestedOrg, collection.channel), ctx.collectionId);
      return userInfoRows(ctx, group.map(({ enrolment, user }) => ({ enrolment, user, consent: consents.get(enrolment.userId) ?? null })), spec.decryptAll);
    }
    case "response": {
      const attempts = await readAttempts(db, spec.coursesKeyspace, userIds, ctx.collectionId, ctx.batchId, true);
      const title = (id: string) => titleOf(collection, id);
      let rows = 0;
      for (const { enrolment } of group) {
        for (const attempt of attempts.get(enrolment.userId) ?? []) rows += writeResponseRows(writer, ctx, enrolment, attempt, title);
      }
      return { bytes: writer.take(), rows };
    }
    case "progress": {
      const scores = await progressScores(userIds, ctx, spec, db);
      return group.map(({ enrolment, user }) => progressRow(ctx, enrolment, user, scores(enrolment.userId), spec.optionalNodes));
    }
  }
}

async function progressScores(userIds: string[], ctx: RowContext, spec: Extract<ReportSpec, { report: "progress" }>, db: CassandraReads): Promise<(userId: string) => ScoreCells> {
  // No qualifying assessment: no score columns and an empty total, whatever the users attempted.
  if (spec.assessmentIds.length === 0) return () => scoresFromAttempts([], [], spec.attemptSelection);
  if (spec.scoreSource === "user_activity_agg") {
    const aggregates = await readActivityAggregates(db, spec.coursesKeyspace, spec.activityType, ctx.collectionId, userIds, ctx.batchId);
    return (userId) => scoresFromAggregates(aggregates.get(userId) ?? null, spec.assessmentIds);
  }
  const attempts = await readAttempts(db, spec.coursesKeyspace, userIds, ctx.collectionId, ctx.batchId, false);
  return (userId) => scoresFromAttempts(attempts.get(userId) ?? [], spec.assessmentIds, spec.attemptSelection);
}
