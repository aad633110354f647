import { textCell } from "../format/text.ts";
import { zonedDates } from "../format/zoned-date.ts";
import type { ZonedDates } from "../format/zoned-date.ts";
import type { Collection } from "./hierarchy.ts";
import type { Batch } from "./model.ts";

/** What every row of one batch shares; built once per batch with `newRowContext`. */
export interface RowContext {
  collectionId: string;
  batchId: string;
  leafNodesCount: number;
  dates: ZonedDates;
  /** Rendered Collection Id, Collection Name, Batch Id (`BatchId_<id>`), Batch Name: the first four columns. */
  batchCells: readonly string[];
}

export const COMMON_HEADER = ["Collection Id", "Collection Name", "Batch Id", "Batch Name", "User UUID"] as const;

export function newRowContext(collection: Collection, batch: Batch, timeZone: string): RowContext {
  return {
    collectionId: batch.courseId,
    batchId: batch.batchId,
    leafNodesCount: collection.leafNodesCount,
    dates: zonedDates(timeZone),
    batchCells: [textCell(batch.courseId), textCell(collection.name), textCell(`BatchId_${batch.batchId}`), textCell(batch.name)],
  };
}

/** Columns 1-5 of every report. */
export function commonCells(ctx: RowContext, userId: string): string[] {
  const cells = ctx.batchCells.slice();
  cells.push(textCell(userId));
  return cells;
}

export const dateCell = (ctx: RowContext, at: Date | null): string =>
  at === null || Number.isNaN(at.getTime()) ? "" : ctx.dates.date(at);
