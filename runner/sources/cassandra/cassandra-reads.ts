import type { Client, types } from "cassandra-driver";

/** What every Cassandra read needs: the shared client, the read consistency and the page size. */
export interface CassandraReads {
  client: Client;
  consistency: types.consistencies;
  fetchSize: number;
}

/** One prepared point read; its rows (a handful at most). */
export async function readRows(db: CassandraReads, query: string, params: unknown[]): Promise<types.Row[]> {
  const result = await db.client.execute(query, params, { prepare: true, consistency: db.consistency });
  return result.rows;
}

/**
 * Every page of a query (fetchSize rows each). The next page is requested while the current one is consumed, so at
 * most two pages are in memory and a slow consumer stops the paging. Pages, not rows: a bulk reader's per-item
 * overhead (promises, generator steps) is then paid once per page.
 */
export async function* pagedPages(db: CassandraReads, query: string, params: unknown[]): AsyncGenerator<types.Row[]> {
  const fetch = (pageState: string | undefined) =>
    db.client.execute(query, params, { prepare: true, consistency: db.consistency, fetchSize: db.fetchSize, pageState });
  let page = await fetch(undefined);
  while (true) {
    const nextState = page.pageState;
    const next = nextState ? fetch(nextState) : undefined;
    // A failed prefetch must surface where it is awaited, not as an unhandled rejection while rows are consumed.
    next?.catch(() => undefined);
    if (page.rows.length > 0) yield page.rows;
    if (next === undefined) return;
    page = await next;
  }
}

/** Every row of a query, page by page (see pagedPages). */
export async function* pagedRows(db: CassandraReads, query: string, params: unknown[]): AsyncGenerator<types.Row> {
  for await (const rows of pagedPages(db, query, params)) yield* rows;
}

/** A Cassandra map column as a Map, whichever way the client decodes maps. */
export function mapOf<V>(value: unknown): Map<string, V> | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Map) return value as Map<string, V>;
  return new Map(Object.entries(value as Record<string, V>));
}
