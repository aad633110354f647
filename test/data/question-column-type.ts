// The assessment_aggregator `question` column's type as the cassandra-driver describes it (list<frozen<question>>,
// the UDT as test/data/schema.ts declares it, in Sunbird's field order): what the driver's Encoder takes to encode or
// decode a value of it without a server.

/** The driver's column type description: a type code, plus `info` for collections and UDTs. */
export interface DriverColumnType {
  code: number;
  info?: unknown;
}

const VARCHAR: DriverColumnType = { code: 0x000d };
export const TEXT_MAP_LIST: DriverColumnType = { code: 0x0020, info: { code: 0x0021, info: [VARCHAR, VARCHAR] } };

export const QUESTION_FIELDS: { name: string; type: DriverColumnType }[] = [
  { name: "id", type: VARCHAR }, { name: "assess_ts", type: { code: 0x000b } }, { name: "max_score", type: { code: 0x0007 } },
  { name: "score", type: { code: 0x0007 } }, { name: "type", type: VARCHAR }, { name: "title", type: VARCHAR },
  { name: "resvalues", type: TEXT_MAP_LIST }, { name: "params", type: TEXT_MAP_LIST }, { name: "description", type: VARCHAR },
  { name: "duration", type: { code: 0x0006 } },
];

export const questionListType = (fields = QUESTION_FIELDS, name = "question"): DriverColumnType => ({
  code: 0x0020,
  info: { code: 0x0030, info: { name, keyspace: "ks", fields } },
});
