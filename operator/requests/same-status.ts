import type { ExhaustRequestStatus } from "../../crds/exhaust-request.ts";

/**
 * Deep equality of two statuses as the API server would store them: key order and keys holding undefined do not
 * matter. The shell writes status only when this is false, since an unchanged write only triggers another pass.
 */
export function sameStatus(a: ExhaustRequestStatus | undefined, b: ExhaustRequestStatus | undefined): boolean {
  return canonical(a ?? {}) === canonical(b ?? {});
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).filter(([, inner]) => inner !== undefined).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}
