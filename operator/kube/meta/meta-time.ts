// Kubernetes times in and out: the two timestamp forms the API stores (writing exactly what the server would store
// keeps an unchanged value from looking like a change) and the instants read back from cached objects.

/** metav1.Time: RFC 3339 with whole seconds. */
export const toMetaTime = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, "Z");

/** metav1.MicroTime (Lease and events.k8s.io times): RFC 3339 with six fractional digits. */
export const microTime = (at: Date): string => at.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");

/**
 * Milliseconds since the epoch of a Kubernetes time. The client-node models type times as Date, but objects that
 * arrive as plain JSON (a raw watch, a test fixture) carry RFC 3339 strings, so both are accepted.
 */
export function instantMs(value: Date | string | undefined | null): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** metav1.Time text (whole seconds), rounded up so that a wake-up at the stored time never comes early. */
export const metaTimeCeil = (ms: number): string => toMetaTime(new Date(Math.ceil(ms / 1000) * 1000));
