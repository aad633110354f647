// D19 / reports-spec §5.3.2: Sunbird computes progress in Java single precision and rounds with Math.round, so
// 21 of 40 is 52, not 53. Math.fround reproduces the float steps exactly for counts below 2^24.

import type { ContentStatus } from "./model.ts";

const COMPLETED = 2;

export function completionPercent(
  contentStatus: ContentStatus | null,
  optionalNodes: ReadonlySet<string>,
  leafNodesCount: number,
  completedOn: Date | null,
): number {
  if (completedOn !== null) return 100;
  let completed = 0;
  if (contentStatus instanceof Map) {
    for (const [contentId, status] of contentStatus) {
      if (status === COMPLETED && !optionalNodes.has(contentId)) completed++;
    }
  } else if (contentStatus !== null) {
    const record = contentStatus as Readonly<Record<string, number>>;
    for (const contentId of Object.keys(record)) {
      if (record[contentId] === COMPLETED && !optionalNodes.has(contentId)) completed++;
    }
  }
  if (completed >= leafNodesCount) return 100;
  const percent = Math.fround(Math.fround(completed / leafNodesCount) * 100);
  return Math.floor(percent + 0.5);
}
