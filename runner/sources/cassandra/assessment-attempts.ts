import type { types } from "cassandra-driver";
import type { TextMap } from "../../format/json-column.ts";
import type { ActivityAggregates, Attempt, Question } from "../../reports/model.ts";
import type { CassandraReads } from "./cassandra-reads.ts";
import { mapOf, pagedRows } from "./cassandra-reads.ts";
import { decimalValue } from "./decimal-text.ts";
import { questionLayout, writeQuestionRows } from "./question-cells.ts";
import { RawUdtList } from "./raw-udt-lists.ts";

/**
 * The users' attempts in this batch: partitions (user_id, course_id) plus the first clustering column batch_id
 * (§5.2, §5.3.4), several users per request (an IN on the partition key) to save round trips. Progress leaves the
 * question list out. Users without attempts are absent from the map.
 */
export async function readAttempts(db: CassandraReads, keyspace: string, userIds: readonly string[], courseId: string, batchId: string, withQuestions: boolean): Promise<Map<string, Attempt[]>> {
  const columns = `user_id, content_id, attempt_id, last_attempted_on, total_score, total_max_score, grand_total${withQuestions ? ", question" : ""}`;
  const query = `SELECT ${columns} FROM ${keyspace}.assessment_aggregator WHERE user_id IN ? AND course_id = ? AND batch_id = ?`;
  const byUser = new Map<string, Attempt[]>();
  for await (const row of pagedRows(db, query, [[...userIds], courseId, batchId])) {
    const userId = row.get("user_id") as string;
    const attempts = byUser.get(userId) ?? [];
    attempts.push(toAttempt(row, withQuestions));
    byUser.set(userId, attempts);
  }
  return byUser;
}

function toAttempt(row: types.Row, withQuestions: boolean): Attempt {
  return {
    contentId: row.get("content_id"),
    attemptId: row.get("attempt_id"),
    lastAttemptedOn: row.get("last_attempted_on") ?? null,
    totalScore: row.get("total_score") ?? null,
    totalMaxScore: row.get("total_max_score") ?? null,
    grandTotal: row.get("grand_total") ?? null,
    ...(withQuestions ? questionsOf(row.get("question")) : { questions: null }),
  };
}

/**
 * The question column: written from its bytes when the client hands them over (raw-udt-lists.ts) and their UDT is the
 * one question-cells.ts reads, else (and for any value it cannot read exactly) the driver's decoding.
 */
export function questionsOf(value: unknown): Pick<Attempt, "questions" | "questionRows"> {
  if (value instanceof RawUdtList) {
    const layout = questionLayout(value.type);
    if (layout === null) return questionsOf(value.decoded());
    return {
      questions: null,
      questionRows: { write: (writer, prefixStart, prefixEnd) => writeQuestionRows(writer, prefixStart, prefixEnd, value.bytes, layout), decoded: () => questionsOf(value.decoded()).questions },
    };
  }
  return { questions: ((value as Record<string, unknown>[] | null | undefined) ?? null)?.map(toQuestion) ?? null };
}

function toQuestion(udt: Record<string, unknown>): Question {
  const duration = udt.duration as types.BigDecimal | number | null | undefined;
  return {
    id: (udt.id as string | null) ?? null,
    type: (udt.type as string | null) ?? null,
    title: (udt.title as string | null) ?? null,
    description: (udt.description as string | null) ?? null,
    duration: duration === null || duration === undefined ? null : typeof duration === "number" ? duration : decimalValue(duration),
    score: (udt.score as number | null) ?? null,
    maxScore: (udt.max_score as number | null) ?? null,
    params: (udt.params as TextMap[] | null) ?? null,
    resvalues: (udt.resvalues as TextMap[] | null) ?? null,
  };
}

/** Progress V2 source (§5.3.5): each user's row by full primary key (context `cb:<batchId>`), several users per request. */
export async function readActivityAggregates(db: CassandraReads, keyspace: string, activityType: string, collectionId: string, userIds: readonly string[], batchId: string): Promise<Map<string, ActivityAggregates>> {
  const query = `SELECT user_id, aggregates FROM ${keyspace}.user_activity_agg WHERE activity_type = ? AND activity_id = ? AND user_id IN ? AND context_id = ?`;
  const byUser = new Map<string, ActivityAggregates>();
  for await (const row of pagedRows(db, query, [activityType, collectionId, [...userIds], `cb:${batchId}`])) {
    byUser.set(row.get("user_id") as string, { aggregates: mapOf<number>(row.get("aggregates")) });
  }
  return byUser;
}
