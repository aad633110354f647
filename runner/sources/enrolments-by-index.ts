import type { Enrolment } from "../reports/model.ts";
import type { CassandraReads } from "./cassandra-reads.ts";
import { pagedRows } from "./cassandra-reads.ts";
import { enrolmentColumns, isReportable, toEnrolment } from "./enrolment-row.ts";

export interface EnrolmentTable {
  keyspace: string;
  table: string;
  collectionId: string;
  withProgress: boolean;
}

/** D18 with an index: the batch's enrolments through `WHERE batchid = ?`, filtered like the scan. */
export async function* enrolmentsByIndex(db: CassandraReads, t: EnrolmentTable, batchId: string): AsyncGenerator<Enrolment> {
  const query = `SELECT ${enrolmentColumns(t.withProgress)} FROM ${t.keyspace}.${t.table} WHERE batchid = ?`;
  for await (const row of pagedRows(db, query, [batchId])) {
    const enrolment = toEnrolment(row);
    if (isReportable(enrolment, t.collectionId)) yield enrolment;
  }
}
