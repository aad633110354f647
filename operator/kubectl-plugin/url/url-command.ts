import { pluginExitCodes } from "../cli/exit-codes.ts";
import type { PluginCommand } from "../cli/plugin-command.ts";
import { usageError } from "../cli/plugin-error.ts";
import { PROGRAM_NAME } from "../cli/plugin-program.ts";
import { expiryMinutesOf } from "./expires-flag.ts";

/** How long `url` and `download` wait for the operator to answer their ExhaustDownload. */
export const ANSWER_TIMEOUT_MS = 60_000;

interface UrlOptions {
  batch?: string;
  expires?: string;
}

const EXAMPLES = `
Examples:
  # Every succeeded batch of a request: one "<batchId> <url>" line each, valid for 30 minutes
  ${PROGRAM_NAME} url progress-x7k2p -n reports
  # One batch, valid for two hours, straight into curl
  curl -fo report.zip "$(${PROGRAM_NAME} url progress-x7k2p --batch 0130928650617569280 --expires 2h)"
`;

export const urlCommand: PluginCommand = {
  name: "url",
  define(command) {
    command
      .summary("print signed, expiring download URLs of a request's report files")
      .description(
        "Asks the operator for signed URLs of a request's files by creating an ExhaustDownload in the request's namespace (Velero's DownloadRequest pattern): you need create/get/watch on exhaustdownloads and get on exhaustrequests there, and no storage credential or Secret. The operator signs with its own storage credentials; anyone holding a URL can download the file until it expires. Batches that have not succeeded are left out (the reason goes to stderr).",
      )
      .argument("<name>", "the ExhaustRequest's name")
      .option("--batch <id>", "only this batch (prints the bare URL)")
      .option("--expires <duration>", "how long the URLs stay valid, e.g. 30m, 2h, 1h30m (1m to 24h)", "30m")
      .addHelpText("after", EXAMPLES);
  },
  async run({ args, options, context }) {
    // commander fills these from the options declared in `define`.
    const opts = options as UrlOptions;
    const expiry = expiryMinutesOf(opts.expires);
    if (!expiry.ok) throw usageError(expiry.error);
    const { kc, api, namespace } = await context.kube();
    // Loaded here, not at start-up: it brings client-node's Watch, which --help and completion do not need.
    const { requestDownloadUrls } = await import("./download-urls.ts");
    const answer = await requestDownloadUrls({
      kc,
      api,
      namespace,
      requestName: args[0] ?? "",
      ...(opts.batch === undefined ? {} : { batchId: opts.batch }),
      expiryMinutes: expiry.minutes,
      timeoutMs: ANSWER_TIMEOUT_MS,
    });
    context.err.write(`${answer.message}\n`);
    for (const url of answer.urls) context.out.write(opts.batch === undefined ? `${url.batchId} ${url.url}\n` : `${url.url}\n`);
    return pluginExitCodes.ok;
  },
};
