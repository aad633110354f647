import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The project's own lint configuration, applied to code placed (virtually) at a path in the tree: a core file that
// does I/O must fail lint, and the same code in a shell file must pass.
const eslint = new ESLint();
const ruleIdsFor = async (filePath: string, code: string) => (await eslint.lintText(code, { filePath })).flatMap((r) => r.messages.map((m) => m.ruleId ?? m.message));

const restricted = ["@typescript-eslint/no-restricted-imports"];
const impure = ["no-restricted-syntax"];

describe("lint keeps the decision core pure", { timeout: 30_000 }, () => {
  const cases: { name: string; filePath: string; code: string; expected: string[] }[] = [
    { name: "plan imports node:http -> fails", filePath: "operator/requests/plan/x.ts", code: 'import { request } from "node:http";\nexport const f = request;\n', expected: restricted },
    {
      name: "plan imports the API client -> fails",
      filePath: "operator/requests/plan/x.ts",
      code: 'import { newKubeApi } from "../../kube/client/api-client.ts";\nexport const f = newKubeApi;\n',
      expected: restricted,
    },
    {
      name: "plan imports only the API client's type -> passes",
      filePath: "operator/requests/plan/x.ts",
      code: 'import type { KubeApi } from "../../kube/client/api-client.ts";\nexport type F = KubeApi;\n',
      expected: [],
    },
    { name: "capacity imports an informer -> fails", filePath: "operator/requests/capacity/x.ts", code: 'import { Informer } from "../../kube/cache/informer.ts";\nexport const f = Informer;\n', expected: restricted },
    { name: "runner-job imports the logger -> fails", filePath: "operator/requests/runner-job/x.ts", code: 'import { newLogger } from "../../log.ts";\nexport const f = newLogger;\n', expected: restricted },
    { name: "status imports cassandra-driver -> fails", filePath: "operator/status/x.ts", code: 'import { Client } from "cassandra-driver";\nexport const f = Client;\n', expected: restricted },
    { name: "kube/meta imports client-node values -> fails", filePath: "operator/kube/meta/x.ts", code: 'import { KubeConfig } from "@kubernetes/client-node";\nexport const f = KubeConfig;\n', expected: restricted },
    { name: "plan imports the backoff maths -> passes", filePath: "operator/requests/plan/x.ts", code: 'import { backoffDelayMs } from "../../kube/runtime/backoff.ts";\nexport const f = backoffDelayMs;\n', expected: [] },
    { name: "plan imports the work queue -> fails", filePath: "operator/requests/plan/x.ts", code: 'import { WorkQueue } from "../../kube/runtime/work-queue.ts";\nexport const f = WorkQueue;\n', expected: restricted },
    { name: "plan reads the wall clock -> fails", filePath: "operator/requests/plan/x.ts", code: "export const f = () => Date.now();\n", expected: impure },
    { name: "plan builds a Date from nothing -> fails", filePath: "operator/requests/plan/x.ts", code: "export const f = () => new Date();\n", expected: impure },
    { name: "plan builds a Date from an argument -> passes", filePath: "operator/requests/plan/x.ts", code: "export const f = (ms: number) => new Date(ms);\n", expected: [] },
    { name: "plan rolls dice -> fails", filePath: "operator/requests/plan/x.ts", code: "export const f = () => Math.random();\n", expected: impure },
    { name: "plan reads the environment -> fails", filePath: "operator/requests/plan/x.ts", code: "export const f = () => process.env.HOME;\n", expected: impure },
    { name: "plan starts a timer -> fails", filePath: "operator/requests/plan/x.ts", code: "export const f = () => setTimeout(() => undefined, 1);\n", expected: impure },
    { name: "the reconcile shell imports node:http -> passes", filePath: "operator/requests/reconcile/x.ts", code: 'import { request } from "node:http";\nexport const f = request;\n', expected: [] },
    {
      name: "the reconcile shell imports the API client -> passes",
      filePath: "operator/requests/reconcile/x.ts",
      code: 'import { newKubeApi } from "../../kube/client/api-client.ts";\nexport const f = newKubeApi;\n',
      expected: [],
    },
    { name: "a runner row builder imports ioredis -> fails", filePath: "runner/reports/x.ts", code: 'import Redis from "ioredis";\nexport const f = Redis;\n', expected: restricted },
    { name: "a runner formatter imports node:fs -> fails", filePath: "runner/format/x.ts", code: 'import { readFileSync } from "node:fs";\nexport const f = readFileSync;\n', expected: restricted },
    { name: "a runner formatter reads the wall clock -> fails", filePath: "runner/format/x.ts", code: "export const f = () => Date.now();\n", expected: impure },
    { name: "a bridge mapping imports pg -> fails", filePath: "operator/bridge/x.ts", code: 'import pg from "pg";\nexport const f = pg;\n', expected: restricted },
    { name: "a runner store reader imports ioredis -> passes", filePath: "runner/sources/redis/x.ts", code: 'import Redis from "ioredis";\nexport const f = Redis;\n', expected: [] },
    { name: "the runner's result writer uses node:fs -> passes", filePath: "runner/outcome/write-result.ts", code: 'import { writeFileSync } from "node:fs";\nexport const f = writeFileSync;\n', expected: [] },
    { name: "operator imports runner -> fails (boundary)", filePath: "operator/requests/reconcile/x.ts", code: 'import { x } from "../../../runner/main.ts";\nexport const f = x;\n', expected: ["no-restricted-imports"] },
  ];
  it.each(cases)("$name", async ({ filePath, code, expected }) => {
    expect(await ruleIdsFor(filePath, code)).toEqual(expected);
  });
});
