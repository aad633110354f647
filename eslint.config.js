// Lint is part of the test command. Beyond the recommended rules it enforces the architecture's boundaries:
// operator/ and runner/ never import each other, crds/ (the shared API and runner contract) imports no project folder, and
// the decision core (pure modules: plans, statuses, names, rows) imports no client, cache, logger, timer or network.
import tseslint from "typescript-eslint";

const crossing = (name, forbidden) => ({
  files: [`${name}/**/*.ts`],
  rules: {
    "no-restricted-imports": ["error", { patterns: forbidden.map((f) => ({ group: [`**/${f}/**`, `${f}/**`], message: `${name}/ must not import ${f}/ (shared things live in crds/).` })) }],
  },
});

// The functional core: these files decide and must not do I/O. Shell files beside them (controllers, readers,
// writers) are the only place that talks to Kubernetes, the stores or the clock.
export const operatorCore = [
  "operator/requests/plan/**/*.ts",
  "operator/requests/capacity/**/*.ts",
  "operator/requests/runner-job/**/*.ts",
  "operator/requests/webhook/completion-webhook.ts",
  "operator/requests/store-reads/hierarchy-status.ts",
  "operator/status/**/*.ts",
  "operator/kube/meta/**/*.ts",
  "operator/leader/lease-decision.ts",
  "operator/manager/owner-key.ts",
  "operator/bridge/**/*.ts",
  "operator/schedules/plan/**/*.ts",
  "operator/config/**/*.ts",
  "operator/kubectl-plugin/create/request-from-flags.ts",
  "operator/kubectl-plugin/watch/{watch-view,quantities,progress-bar,terminal-frame}.ts",
  "operator/kubectl-plugin/logs/log-target.ts",
  "operator/kubectl-plugin/completion/{completion-candidates,completion-scripts}.ts",
  "operator/kubectl-plugin/cli/{exit-codes,object-output}.ts",
  "operator/downloads/plan-download.ts",
  "operator/export-policy/**/*.ts",
  "operator/storage/object-location.ts",
  "operator/storage/signing-settings.ts",
  "operator/kubectl-plugin/url/expires-flag.ts",
];

export const runnerCore = [
  "runner/reports/**/*.ts",
  "runner/format/**/*.ts",
  "runner/security/**/*.ts",
  "runner/pii/**/*.ts",
  "runner/streams/**/*.ts",
  "runner/archive/**/*.ts",
  "runner/outcome/**/*.ts",
  "runner/sinks/object-key.ts",
  "runner/sources/enrolments/token-ranges.ts",
  "runner/progress/progress-board.ts",
  "runner/progress/progress-throttle.ts",
  "runner/progress/progress-text.ts",
];

const ioModules = [
  { name: "node:http", message: "the core does no network I/O: the shell calls it" },
  { name: "node:https", message: "the core does no network I/O: the shell calls it" },
  { name: "node:net", message: "the core does no network I/O: the shell calls it" },
  { name: "node:fs", message: "the core reads no files: the shell hands it data" },
  { name: "node:fs/promises", message: "the core reads no files: the shell hands it data" },
  { name: "cassandra-driver", message: "the core reads no store: the shell hands it data" },
  { name: "ioredis", message: "the core reads no store: the shell hands it data" },
  { name: "pg", message: "the core reads no store: the shell hands it data" },
  { name: "pino", message: "the core never logs: it returns what happened" },
  { name: "@kubernetes/client-node", message: "the core uses client-node's types only (import type)", allowTypeImports: true },
];

const ioPatterns = [
  { group: ["@aws-sdk/*", "@azure/*", "@google-cloud/*"], message: "the core reads no store: the shell hands it data" },
  { group: ["**/kube/client/**", "**/kube/cache/**", "**/kube/events/**"], message: "the core never calls the API client, reads an informer or records Events: the shell does", allowTypeImports: true },
  { group: ["**/kube/runtime/*", "!**/kube/runtime/backoff.ts"], message: "the core does not drive queues or reconcile loops", allowTypeImports: true },
  { group: ["**/log.ts"], message: "the core never logs: it returns what happened", allowTypeImports: true },
  { group: ["**/clock.ts"], message: "the core takes `now` as an argument instead of reading a clock", allowTypeImports: true },
  { group: ["**/reconcile/**", "**/manager/manager.ts", "**/manager/shared-informers.ts"], message: "the core does not reach back into the shell", allowTypeImports: true },
];

const impure = [
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "the core takes `now` as an argument" },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "the core takes `now` as an argument" },
  { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: "the core takes randomness as an argument" },
  { selector: "MemberExpression[object.name='process'][property.name='env']", message: "only main.ts reads the environment" },
  { selector: "CallExpression[callee.name=/^set(Timeout|Interval|Immediate)$/]", message: "the core starts no timers: it returns a requeue delay" },
];

export const purity = (files, ignores = []) => ({
  files,
  ignores,
  rules: {
    "@typescript-eslint/no-restricted-imports": ["error", { paths: ioModules, patterns: ioPatterns }],
    "no-restricted-syntax": ["error", ...impure],
  },
});

export default tseslint.config(
  { ignores: ["node_modules/**", "test-results/**", "demo-output/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  crossing("operator", ["runner", "test", "bench"]),
  crossing("runner", ["operator", "test", "bench"]),
  crossing("crds", ["operator", "runner", "test", "bench"]),
  purity(operatorCore),
  // write-result.ts is the outcome's shell: it writes the termination message file and stdout.
  purity(runnerCore, ["runner/outcome/write-result.ts"]),
);
