import { describe, expect, it } from "vitest";
import { KubeApiError } from "../../../../../operator/kube/client/api-errors.ts";
import { errorReportOf } from "../../../../../operator/kubectl-plugin/cli/error-report.ts";
import { PluginError, usageError } from "../../../../../operator/kubectl-plugin/cli/plugin-error.ts";

const refused = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6443"), { code: "ECONNREFUSED" }) });

describe("errorReportOf", () => {
  const cases: { name: string; err: unknown; want: { exitCode: number; message: string; hint?: unknown } }[] = [
    { name: "a PluginError -> its message, hint and exit code", err: new PluginError("gone", { hint: "do x", exitCode: 130 }), want: { message: "gone", hint: "do x", exitCode: 130 } },
    { name: "a usage error -> exit 2", err: usageError("--x: bad"), want: { message: "--x: bad", exitCode: 2 } },
    {
      name: "403 from the API -> how to check access",
      err: new KubeApiError("POST /apis/x: forbidden", 403, "Forbidden"),
      want: { message: "POST /apis/x: forbidden", hint: expect.stringContaining("kubectl auth can-i"), exitCode: 1 },
    },
    { name: "401 -> log in again", err: new KubeApiError("GET /x: Unauthorized", 401), want: { message: "GET /x: Unauthorized", hint: expect.stringContaining("log in again"), exitCode: 1 } },
    {
      name: "404 on exhaustrequests -> list them, or install the CRDs",
      err: new KubeApiError("GET /apis/exhaust.sunbird.org/v1alpha1/namespaces/a/exhaustrequests/x: not found", 404),
      want: { message: expect.stringContaining("not found"), hint: expect.stringContaining("install the CRDs"), exitCode: 1 },
    },
    { name: "422 -> fix the flag", err: new KubeApiError("POST /x: invalid", 422, "Invalid"), want: { message: "POST /x: invalid", hint: expect.stringContaining("flag"), exitCode: 1 } },
    { name: "a conflict -> the message alone", err: new KubeApiError("PUT /x: conflict", 409, "Conflict"), want: { message: "PUT /x: conflict", exitCode: 1 } },
    {
      name: "connection refused inside fetch's cause -> cannot reach the API server, check the kubeconfig",
      err: refused,
      want: { message: "cannot reach the API server: fetch failed (ECONNREFUSED)", hint: expect.stringContaining("--kubeconfig"), exitCode: 1 },
    },
    { name: "anything else -> its message, exit 1", err: new Error("boom"), want: { message: "boom", exitCode: 1 } },
    { name: "a thrown string -> as text", err: "odd", want: { message: "odd", exitCode: 1 } },
  ];
  for (const c of cases) it(c.name, () => expect(errorReportOf(c.err)).toEqual(c.want));
});
