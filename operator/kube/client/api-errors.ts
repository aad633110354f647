/** A failed API call, carrying the HTTP code and the metav1.Status reason (AlreadyExists, Conflict, Expired...). */
export class KubeApiError extends Error {
  override readonly name = "KubeApiError";
  readonly statusCode: number;
  readonly reason: string | undefined;

  constructor(message: string, statusCode: number, reason?: string) {
    super(message);
    this.statusCode = statusCode;
    this.reason = reason;
  }

  static fromResponse(method: string, path: string, statusCode: number, body: unknown): KubeApiError {
    const status = typeof body === "object" && body !== null ? (body as { message?: unknown; reason?: unknown }) : {};
    const message = typeof status.message === "string" ? status.message : `HTTP ${statusCode}`;
    const reason = typeof status.reason === "string" ? status.reason : undefined;
    return new KubeApiError(`${method} ${path}: ${message}`, statusCode, reason);
  }
}

/** The HTTP status of an error from our client, client-node's generated clients (`code`) or its Watch (`statusCode`). */
export function statusCodeOf(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const { statusCode, code } = err as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode === "number") return statusCode;
  return typeof code === "number" ? code : undefined;
}

const reasonOf = (err: unknown): string | undefined => (err instanceof KubeApiError ? err.reason : undefined);

export const isNotFound = (err: unknown): boolean => statusCodeOf(err) === 404;
export const isGone = (err: unknown): boolean => statusCodeOf(err) === 410;
export const isAlreadyExists = (err: unknown): boolean => statusCodeOf(err) === 409 && reasonOf(err) === "AlreadyExists";
/** A resourceVersion precondition failed: someone else wrote first. */
export const isConflict = (err: unknown): boolean => statusCodeOf(err) === 409 && reasonOf(err) !== "AlreadyExists";
