import { resolve } from "node:path";
import { pluginExitCodes } from "../cli/exit-codes.ts";
import type { PluginCommand } from "../cli/plugin-command.ts";
import { PROGRAM_NAME } from "../cli/plugin-program.ts";
import { DEFAULT_SIGNED_URL_EXPIRY_MINUTES } from "../../../crds/exhaust-download.ts";
import { ANSWER_TIMEOUT_MS } from "../url/url-command.ts";
import { fetchBatches } from "./fetch-batches.ts";

interface DownloadOptions {
  output?: string;
  extract?: boolean;
  batch?: string;
}

const EXAMPLES = `
Examples:
  # Every succeeded batch's file into ./progress-x7k2p, each checked against the sha256 in the request's status
  ${PROGRAM_NAME} download progress-x7k2p -n reports
  # Into ./reports, and the CSVs out of the zips (needs get on the request's password Secret)
  ${PROGRAM_NAME} download progress-x7k2p -o reports --extract
`;

export const downloadCommand: PluginCommand = {
  name: "download",
  define(command) {
    command
      .summary("download a request's report files, sha256-checked, and optionally extract the CSVs")
      .description(
        "Gets signed URLs as `url` does, downloads every succeeded batch's file into a directory (0700; files 0600, as reports hold personal data) and checks each against the sha256 in the request's status: a file that differs is removed and the command fails. --extract then opens each zip with the password from the Secret the request names, read with your own rights: without get on that Secret the files stay zipped and the command says so.",
      )
      .argument("<name>", "the ExhaustRequest's name")
      .option("-o, --output <dir>", "the directory to write into (default: ./<name>)")
      .option("--batch <id>", "only this batch")
      .option("--extract", "unzip the files (the request's password Secret must be readable to you)")
      .addHelpText("after", EXAMPLES);
  },
  async run({ args, options, context }) {
    // commander fills these from the options declared in `define`.
    const opts = options as DownloadOptions;
    const name = args[0] ?? "";
    const dir = resolve(opts.output ?? name);
    const { kc, api, namespace } = await context.kube();
    // Loaded here, not at start-up: it brings client-node's Watch, which --help and completion do not need.
    const { requestDownloadUrls } = await import("../url/download-urls.ts");
    const answer = await requestDownloadUrls({
      kc,
      api,
      namespace,
      requestName: name,
      ...(opts.batch === undefined ? {} : { batchId: opts.batch }),
      expiryMinutes: DEFAULT_SIGNED_URL_EXPIRY_MINUTES,
      timeoutMs: ANSWER_TIMEOUT_MS,
    });
    context.err.write(`${answer.message}\n`);
    const files = await fetchBatches(answer.urls, dir);
    for (const f of files) context.out.write(`${f.path} ${f.bytes} bytes, sha256 ${f.sha256} checked\n`);
    // A script running `download && …` must not take a running or partly failed request's files for the whole set.
    const batches = answer.request.status?.batches?.length ?? 0;
    const done = opts.batch !== undefined || files.length >= batches ? pluginExitCodes.ok : pluginExitCodes.requestPartiallySucceeded;
    if (done !== pluginExitCodes.ok) context.err.write(`${files.length} of ${batches} batches downloaded: the others have no file yet (kubectl exhaust watch ${name})\n`);
    if (opts.extract !== true) return done;
    const { extractZip, zipPasswordOf } = await import("./extract-zips.ts");
    const password = await zipPasswordOf(api, answer.request);
    for (const f of files.filter((file) => file.path.endsWith(".zip"))) {
      for (const written of await extractZip(f.path, dir, password)) context.out.write(`${written} extracted\n`);
    }
    return done;
  },
};
