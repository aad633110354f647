/**
 * D18 scan sharing: without an index on batchid, every runner Job scans the whole enrolments table, so waiting
 * batches that can share one scan are put into one Job. `keyOf` says which can share: the plan uses report,
 * collection and attempt number (so a group's members run the same attempt and its Job name has one attempt).
 * Items keep their order; a key's items fill groups of at most `maxPerScan` in that order. Items may come from
 * several requests if the key allows it, though today a runner Job serves one request (its owner, and the
 * request id in its output keys), so the plan keys by request too.
 */
export function scanGroups<T>(items: readonly T[], keyOf: (item: T) => string, maxPerScan: number, shareScans: boolean): T[][] {
  if (!shareScans || maxPerScan <= 1) return items.map((item) => [item]);
  const open = new Map<string, T[]>();
  const groups: T[][] = [];
  for (const item of items) {
    const key = keyOf(item);
    let group = open.get(key);
    if (group === undefined || group.length >= maxPerScan) {
      group = [];
      open.set(key, group);
      groups.push(group);
    }
    group.push(item);
  }
  return groups;
}
