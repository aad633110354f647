// The two timestamp forms the Kubernetes API stores. Writing exactly what the server would store keeps an unchanged
// value from looking like a change.

/** metav1.Time: RFC 3339 with whole seconds. */
export const toMetaTime = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, "Z");

/** metav1.MicroTime (Lease and events.k8s.io times): RFC 3339 with six fractional digits. */
export const microTime = (at: Date): string => at.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
