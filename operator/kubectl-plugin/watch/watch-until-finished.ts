import { exitCodeForPhase } from "../cli/exit-codes.ts";
import type { PluginContext } from "../cli/plugin-context.ts";
import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";
import { terminalFrame } from "./terminal-frame.ts";
import { finishedLine, plainUpdate, requestView } from "./watch-view.ts";

// A terminal view is redrawn this often, so elapsed times move between updates from the cluster.
const REDRAW_MS = 1000;

/**
 * Shows a request until it ends and returns the exit code of how it ended (`watch`, `create --wait`). On a
 * terminal the view is redrawn in place; otherwise each change is printed once as a plain line, with no escapes.
 */
export async function watchUntilFinished(context: PluginContext, name: string): Promise<number> {
  const { out } = context;
  const target = await context.kube();
  let latest: ExhaustRequest | undefined;
  let drawnLines = 0;
  let printed: ReadonlyMap<string, string> = new Map();
  const draw = () => {
    if (latest === undefined) return;
    const lines = requestView(latest, context.now());
    out.write(terminalFrame(drawnLines, lines, out.columns));
    drawnLines = lines.length;
  };
  const onUpdate = (request: ExhaustRequest) => {
    latest = request;
    if (out.isTTY) return draw();
    const update = plainUpdate(printed, request, context.now());
    printed = update.printed;
    for (const line of update.lines) out.write(`${line}\n`);
  };
  const stopRedraws = out.isTTY ? context.every(REDRAW_MS, draw) : () => {};
  try {
    // Loaded here, as the kubeconfig is: the watch brings client-node's Watch, which nothing before this needs.
    const { followRequest } = await import("./request-follow.ts");
    const final = await followRequest(target, name, context.signal, onUpdate);
    out.write(`${finishedLine(final, context.now())}\n`);
    return exitCodeForPhase(final.status?.phase);
  } finally {
    stopRedraws();
  }
}
