import { Argument, Option } from "commander";
import { REPORTS } from "../../../crds/exhaust-request.ts";
import type { ExhaustRequest, ExhaustRequestInput } from "../../../crds/exhaust-request.ts";
import { collectionPath, exhaustRequests } from "../../kube/meta/resource-type.ts";
import { isAlreadyExists } from "../../kube/client/api-errors.ts";
import { pluginExitCodes } from "../cli/exit-codes.ts";
import { OUTPUT_FORMATS, formatObject, resourceNameOf } from "../cli/object-output.ts";
import type { OutputFormat } from "../cli/object-output.ts";
import type { PluginCommand } from "../cli/plugin-command.ts";
import type { PluginContext } from "../cli/plugin-context.ts";
import { PluginError, usageError } from "../cli/plugin-error.ts";
import { PROGRAM_NAME } from "../cli/plugin-program.ts";
import { watchUntilFinished } from "../watch/watch-until-finished.ts";
import { requestFromFlags } from "./request-from-flags.ts";
import type { CreateFlags } from "./request-from-flags.ts";

/** `create`'s options as commander leaves them (see `define`): the request's flags, and what to do with it. */
type CreateOptions = Partial<CreateFlags> & {
  wait?: boolean;
  dryRun?: "client" | "server";
  output?: OutputFormat;
};

const EXAMPLES = `
Examples:
  # Progress of every ongoing batch of a course; wait for it and exit 0 only if it succeeded
  ${PROGRAM_NAME} create progress --collection do_1130928636168192001667 --all-batches --status ongoing \\
      --channel 01269878797503692810 --wait

  # UserInfo for two batches, zipped with the password in Secret userinfo-zip-password, key "password"
  ${PROGRAM_NAME} create userinfo --collection do_1130928636168192001667 --batches 0130928650617569280,0130928659844915200 \\
      --password-secret userinfo-zip-password/password --channel 01269878797503692810 --name userinfo-nov

  # The manifest for GitOps, checked but not sent
  ${PROGRAM_NAME} create response --collection do_1130928636168192001667 --all-batches --channel 01269878797503692810 \\
      --name response-nov --dry-run -o yaml > response-nov.yaml
`;

async function send(context: PluginContext, request: ExhaustRequestInput, dryRun: boolean): Promise<ExhaustRequest> {
  const { api, namespace } = await context.kube();
  try {
    return await api.request<ExhaustRequest>("POST", collectionPath(exhaustRequests, namespace), {
      body: request,
      query: { dryRun: dryRun ? "All" : undefined, fieldValidation: "Strict" },
    });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    const name = request.metadata.name ?? "";
    throw new PluginError(`exhaustrequest "${name}" already exists in namespace "${namespace}"`, {
      hint: `pick another --name (or leave it out to get a generated one), or follow that one: ${PROGRAM_NAME} watch ${name} -n ${namespace}`,
    });
  }
}

export const createCommand: PluginCommand = {
  name: "create",
  define(command) {
    command
      .summary("create an ExhaustRequest from flags, or print it with --dry-run -o yaml")
      .description(
        "Builds an ExhaustRequest from flags and checks it with the API's own schema before sending it, so a mistake is reported by flag. --wait then watches it as `watch` does and exits by how it ended.",
      )
      .addArgument(new Argument("<report>", "the report to make").choices(REPORTS))
      .option("--collection <id>", "the collection (course) id, spec.collectionId")
      .option("--batches <ids>", "comma-separated course batch ids (or use --all-batches)")
      .option("--all-batches", "every batch of the collection")
      .option("--status <statuses>", "with --all-batches, keep batches with these statuses: upcoming, ongoing, ended (or 0,1,2)")
      .option("--password-secret <secret/key>", "the Secret (in the namespace) and key holding the zip password; required for userinfo")
      .option("--name <name>", "the request's name, at most 40 characters (default: generated from <report>-)")
      .option("--channel <id>", "the requesting org's channel id, spec.requestedChannel")
      .option("--requested-by <id>", "the requesting user's id, spec.requestedBy (default: the kubeconfig user's name)")
      .option("--request-id <id>", "names the output folder, spec.requestId (default: chosen by the operator)")
      .option("--wait", "watch the request until it ends; exit 0 only if it Succeeded")
      .addOption(new Option("--dry-run [strategy]", "check the request without creating it: client (default) or server").choices(["client", "server"]).preset("client"))
      .addOption(new Option("-o, --output <format>", "print the request (with --dry-run: instead of creating it)").choices(OUTPUT_FORMATS))
      .addHelpText("after", EXAMPLES);
  },
  async run({ args, options, context }) {
    // commander fills these from the options declared in `define`.
    const opts = options as CreateOptions;
    if (opts.wait === true && opts.dryRun !== undefined) throw usageError("--wait and --dry-run do not go together: a dry run creates nothing to wait for");
    const target = await context.kube();
    const requestedBy = opts.requestedBy ?? target.kc.getCurrentUser()?.name;
    const flags: CreateFlags = {
      ...opts,
      report: args[0] ?? "",
      namespace: target.namespace,
      ...(requestedBy === undefined ? {} : { requestedBy }),
    };
    const built = requestFromFlags(flags);
    if (!built.ok) {
      const lines = built.problems.map((p) => `${p.flag}: ${p.message}`);
      throw usageError(`the request is not valid, nothing was sent:\n  ${lines.join("\n  ")}`, `\`${PROGRAM_NAME} create --help\` lists every flag, with examples`);
    }
    if (opts.dryRun === "client") {
      context.out.write(opts.output === undefined ? `${resourceNameOf(built.request)} created (dry run)\n` : formatObject(built.request, opts.output));
      return pluginExitCodes.ok;
    }
    const created = await send(context, built.request, opts.dryRun === "server");
    const name = created.metadata.name ?? "";
    if (opts.output !== undefined) context.out.write(formatObject(created, opts.output));
    else context.out.write(`${resourceNameOf(created)} created${opts.dryRun === "server" ? " (server dry run)" : ""}\n`);
    return opts.wait === true ? watchUntilFinished(context, name) : pluginExitCodes.ok;
  },
};
