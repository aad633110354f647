import type { Enrolment } from "../../reports/model.ts";
import type { CassandraReads } from "../cassandra/cassandra-reads.ts";
import { pagedPages } from "../cassandra/cassandra-reads.ts";
import { enrolmentColumns, reportableEnrolments } from "./enrolment-row.ts";

export interface EnrolmentTable {
  keyspace: string;
  table: string;
  collectionId: string;
  withProgress: boolean;
}

/** D18 with an index: the batch's enrolments through `WHERE batchid = ?`, filtered like the scan; one chunk per page. */
export async function* enrolmentsByIndex(db: CassandraReads, t: EnrolmentTable, batchId: string): AsyncGenerator<Enrolment[]> {
  const query = `SELECT ${enrolmentColumns(t.withProgress)} FROM ${t.keyspace}.${t.table} WHERE batchid = ?`;
  for await (const rows of pagedPages(db, query, [batchId])) {
    const chunk = reportableEnrolments(rows, t.collectionId);
    if (chunk.length > 0) yield chunk;
  }
}
