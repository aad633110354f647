import { KubeApiError } from "../../kube/client/api-errors.ts";
import { pluginExitCodes } from "./exit-codes.ts";
import { PluginError } from "./plugin-error.ts";

/** What the user reads when a command fails: the error line, what to do next, and the exit code. */
export interface ErrorReport {
  message: string;
  hint?: string;
  exitCode: number;
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT", "CERT_HAS_EXPIRED", "DEPTH_ZERO_SELF_SIGNED_CERT", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"]);

/** The `code` of an error or of the errors it wraps (fetch wraps socket errors in `cause`). */
function systemCodeOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; typeof e === "object" && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

function apiErrorReport(err: KubeApiError): ErrorReport {
  const base = { message: err.message, exitCode: pluginExitCodes.failed };
  if (err.statusCode === 401) return { ...base, hint: "the kubeconfig's credentials were refused: log in again or pick another --context" };
  if (err.statusCode === 403) return { ...base, hint: "ask for access, or check it with `kubectl auth can-i <verb> exhaustrequests -n <namespace>`" };
  if (err.statusCode === 404 && err.message.includes("/exhaustrequests")) {
    return { ...base, hint: "list the requests with `kubectl get exhaustrequests -n <namespace>`; if the type is unknown, install the CRDs (docs/install.md)" };
  }
  if (err.statusCode === 422 || err.statusCode === 400) return { ...base, hint: "the API server rejected the object: fix the flag the message names" };
  return base;
}

/** Turns whatever reached the top into a message, a next step and an exit code. */
export function errorReportOf(err: unknown): ErrorReport {
  if (err instanceof PluginError) return { message: err.message, exitCode: err.exitCode, ...(err.hint === undefined ? {} : { hint: err.hint }) };
  if (err instanceof KubeApiError) return apiErrorReport(err);
  const message = err instanceof Error ? err.message : String(err);
  const code = systemCodeOf(err);
  if (code !== undefined && CONNECTION_CODES.has(code)) {
    return {
      message: `cannot reach the API server: ${message} (${code})`,
      hint: "check --kubeconfig, --context or KUBECONFIG, and that the cluster is up (`kubectl cluster-info`)",
      exitCode: pluginExitCodes.failed,
    };
  }
  return { message, exitCode: pluginExitCodes.failed };
}
