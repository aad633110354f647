// The offset of an IANA time zone at an instant, from the Intl data Node ships. Shared because the runner renders
// report dates in a zone and the operator evaluates schedules in one; both must read the zone data the same way.

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Intl's formatter for `timeZone`, cached per zone; throws a RangeError for a zone Intl does not know. */
function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Milliseconds to add to the instant `ms` to get the zone's wall-clock time there. */
export function zoneOffsetMs(timeZone: string, ms: number): number {
  const floored = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, string> = {};
  for (const p of zoneFormatter(timeZone).formatToParts(new Date(floored))) parts[p.type] = p.value;
  const y = Number(parts.year);
  const wall = Date.UTC(parts.era === "BC" ? 1 - y : y, Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - floored;
}
