import type { DownloadReason } from "../../crds/exhaust-download.ts";

/** What signing one batch's object gave: a URL, or why not (the provider is not configured, the URI is not ours, an SDK error). */
export type SignOutcome = { batchId: string; url: string } | { batchId: string; reason: DownloadReason; message: string };
