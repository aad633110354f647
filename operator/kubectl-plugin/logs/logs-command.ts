import { InvalidArgumentError } from "commander";
import type { V1Pod } from "@kubernetes/client-node";
import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";
import { isNotFound } from "../../kube/client/api-errors.ts";
import { collectionPath, exhaustRequests, objectPath, pods } from "../../kube/meta/resource-type.ts";
import { RUNNER_CONTAINER } from "../../requests/runner-job/pod-diagnostics.ts";
import { pluginExitCodes } from "../cli/exit-codes.ts";
import type { PluginCommand } from "../cli/plugin-command.ts";
import type { KubeTarget } from "../cli/plugin-context.ts";
import { PluginError, usageError } from "../cli/plugin-error.ts";
import { PROGRAM_NAME } from "../cli/plugin-program.ts";
import { logTargetFor, newestPod } from "./log-target.ts";
import type { LogTarget } from "./log-target.ts";

/** `logs`'s options as commander leaves them (see `define`). */
interface LogsOptions {
  batch?: string;
  attempt?: number;
  tail?: number;
}

const wholeNumber = (flag: string) => (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError(`${flag} takes a whole number from 1, not "${value}"`);
  return n;
};

async function readRequest(target: KubeTarget, name: string): Promise<ExhaustRequest> {
  try {
    return await target.api.request<ExhaustRequest>("GET", objectPath(exhaustRequests, target.namespace, name));
  } catch (err) {
    if (!isNotFound(err)) throw err;
    throw new PluginError(`exhaustrequest "${name}" not found in namespace "${target.namespace}"`, {
      hint: `list the requests with \`kubectl get exhaustrequests -n ${target.namespace}\`, or pass -n <namespace>`,
    });
  }
}

const listPods = async (target: KubeTarget, labelSelector: string): Promise<V1Pod[]> =>
  (await target.api.request<{ items?: V1Pod[] }>("GET", collectionPath(pods, target.namespace), { query: { labelSelector } })).items ?? [];

/** The runner pod of the attempt: by its Job's name, else by the request, batch and attempt labels. */
async function podOf(target: KubeTarget, where: LogTarget): Promise<V1Pod> {
  const byJob = where.jobName === undefined ? [] : await listPods(target, `batch.kubernetes.io/job-name=${where.jobName}`);
  const pod = newestPod(byJob.length > 0 ? byJob : await listPods(target, where.fallbackSelector));
  if (pod !== undefined) return pod;
  throw new PluginError(`no runner pod is left for batch ${where.batchId}, attempt ${where.attempt}${where.jobName === undefined ? "" : ` (Job ${where.jobName})`}`, {
    hint: "a finished Job and its pod are deleted after jobs.ttlSecondsAfterFinished (operator configuration); the outcome stays in the request's status: kubectl exhaust watch",
  });
}

export const logsCommand: PluginCommand = {
  name: "logs",
  define(command) {
    command
      .summary("print the runner's log of a batch (the latest attempt, or --attempt N)")
      .description(
        "Prints the log of the runner pod that exported a batch of an ExhaustRequest: JSON lines, one per event, as the runner wrote them. The batch is --batch (needed when the request has several), the attempt --attempt (default: the latest).",
      )
      .argument("<name>", "the ExhaustRequest's name")
      .option("--batch <id>", "the batch whose runner to read (default: the request's only batch)")
      .option("--attempt <n>", "the attempt, from 1 (default: the latest)", wholeNumber("--attempt"))
      .option("--tail <lines>", "only the last lines of the log", wholeNumber("--tail"))
      .addHelpText(
        "after",
        `\nExamples:\n  ${PROGRAM_NAME} logs progress-x7k2p\n  ${PROGRAM_NAME} logs progress-x7k2p --batch 0130928650617569280 --attempt 1\n` +
          `  ${PROGRAM_NAME} logs progress-x7k2p --batch 0130928650617569280 | jq -c 'select(.level >= 40)'\n`,
      );
  },
  async run({ args, options, context }) {
    // commander fills these from the options declared in `define`.
    const opts = options as LogsOptions;
    const name = args[0] ?? "";
    const target = await context.kube();
    const found = logTargetFor(await readRequest(target, name), opts.batch, opts.attempt);
    if (!found.ok) {
      const { message, hint, usage } = found.problem;
      throw usage ? usageError(message, hint) : new PluginError(message, { hint });
    }
    const pod = await podOf(target, found.target);
    const text = await target.api.request<string>("GET", objectPath(pods, target.namespace, pod.metadata?.name ?? "", "log"), {
      query: { container: RUNNER_CONTAINER, tailLines: opts.tail },
      responseType: "text",
    });
    context.out.write(text.endsWith("\n") || text === "" ? text : `${text}\n`);
    return pluginExitCodes.ok;
  },
};
