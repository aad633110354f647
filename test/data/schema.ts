import type { Client } from "cassandra-driver";

// The tables the reports read (reports-spec.md §2.2), with Sunbird's column types. Columns the reports do not
// read are kept where they shape real rows (status, progress, agg maps), so a runner meets realistic data.
// In production these live in up to four keyspaces; tests put them all in one.
const TYPES = [
  `CREATE TYPE IF NOT EXISTS %ks%.question (
    id text, assess_ts timestamp, max_score double, score double, type text, title text,
    resvalues list<frozen<map<text, text>>>, params list<frozen<map<text, text>>>, description text, duration decimal)`,
];

const TABLES = [
  `CREATE TABLE IF NOT EXISTS %ks%.user_enrolments (
    userid text, courseid text, batchid text, active boolean, addedby text,
    certificates list<frozen<map<text, text>>>, issued_certificates list<frozen<map<text, text>>>,
    completedon timestamp, completionpercentage int, contentstatus map<text, int>, datetime timestamp,
    enrolled_date timestamp, enrolleddate text, lastreadcontentid text, lastreadcontentstatus int,
    progress int, status int,
    PRIMARY KEY ((userid), courseid, batchid))`,
  `CREATE TABLE IF NOT EXISTS %ks%.course_batch (
    courseid text, batchid text, name text, description text, status int, enrollmenttype text,
    createdby text, createddate text, created_date timestamp,
    start_date timestamp, end_date timestamp, enrollment_enddate timestamp,
    startdate text, enddate text,
    PRIMARY KEY ((courseid), batchid))`,
  `CREATE TABLE IF NOT EXISTS %ks%.assessment_aggregator (
    user_id text, course_id text, batch_id text, content_id text, attempt_id text,
    created_on timestamp, grand_total text, last_attempted_on timestamp,
    question list<frozen<question>>, total_max_score double, total_score double, updated_on timestamp,
    PRIMARY KEY ((user_id, course_id), batch_id, content_id, attempt_id))`,
  `CREATE TABLE IF NOT EXISTS %ks%.user_activity_agg (
    activity_type text, activity_id text, user_id text, context_id text,
    agg map<text, int>, agg_last_updated map<text, timestamp>, aggregates map<text, double>, agg_details list<text>,
    PRIMARY KEY ((activity_type, activity_id, user_id), context_id))`,
  `CREATE TABLE IF NOT EXISTS %ks%.content_hierarchy (
    identifier text PRIMARY KEY, hierarchy text, relational_metadata text)`,
  `CREATE TABLE IF NOT EXISTS %ks%.user_consent (
    user_id text, consumer_id text, object_id text, consumer_channel text, consumer_type text,
    object_type text, status text, expiry text, created_on timestamp, last_updated_on timestamp, id text,
    PRIMARY KEY ((user_id), consumer_id, object_id))`,
  `CREATE TABLE IF NOT EXISTS %ks%.system_settings (id text PRIMARY KEY, field text, value text)`,
  `CREATE TABLE IF NOT EXISTS %ks%.tenant_preference_v2 (
    orgid text, key text, data text, createdby text, createdon timestamp, updatedby text, updatedon timestamp,
    PRIMARY KEY ((orgid), key))`,
  `CREATE TABLE IF NOT EXISTS %ks%.organisation (
    id text PRIMARY KEY, channel text, orgname text, rootorgid text, isrootorg boolean, istenant boolean,
    status int, keys map<text, frozen<list<text>>>)`,
];

// D18: the published Sunbird schema has no index on batchid; tests run the runner both ways.
const BATCH_ID_INDEX = `CREATE INDEX IF NOT EXISTS user_enrolments_batchid_idx ON %ks%.user_enrolments (batchid)`;

export const SCHEMA_TABLES = [
  "user_enrolments",
  "course_batch",
  "assessment_aggregator",
  "user_activity_agg",
  "content_hierarchy",
  "user_consent",
  "system_settings",
  "tenant_preference_v2",
  "organisation",
] as const;

/** Keyspace names are interpolated into DDL, so only plain identifiers are accepted. */
function checked(keyspace: string): string {
  if (!/^[a-z][a-z0-9_]{0,47}$/.test(keyspace)) throw new Error(`invalid keyspace name ${JSON.stringify(keyspace)}`);
  return keyspace;
}

const ddl = (template: string, keyspace: string): string => template.replaceAll("%ks%", checked(keyspace));

export async function createKeyspace(client: Client, keyspace: string): Promise<void> {
  await client.execute(
    `CREATE KEYSPACE IF NOT EXISTS ${checked(keyspace)} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
  );
}

export async function dropKeyspace(client: Client, keyspace: string): Promise<void> {
  await client.execute(`DROP KEYSPACE IF EXISTS ${checked(keyspace)}`);
}

/** Creates the keyspace if needed, the question UDT and every table the reports read. */
export async function createSchema(client: Client, keyspace: string, opts: { batchIdIndex?: boolean } = {}): Promise<void> {
  await createKeyspace(client, keyspace);
  for (const statement of [...TYPES, ...TABLES]) await client.execute(ddl(statement, keyspace));
  if (opts.batchIdIndex) await client.execute(ddl(BATCH_ID_INDEX, keyspace));
}
