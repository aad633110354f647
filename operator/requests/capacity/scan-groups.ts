/**
 * D18 scan sharing within one request: waiting retries that can share one scan are put into one Job. `keyOf` says
 * which can share: the plan uses collection and attempt number (so a group's members run the same attempt and its
 * Job name has one attempt). Items keep their order; a key's items fill groups of at most `maxPerScan` in that
 * order. First attempts, which may share across requests, are grouped by shared-scans.ts.
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
