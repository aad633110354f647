import type { Readable } from "node:stream";

/**
 * Where finished objects go: S3, Azure Blob, GCS or a local directory. Every sink makes an object visible only after
 * the body's last byte, and stops (leaving nothing visible) when the body is destroyed. Stop a put by destroying its
 * body, never by abandoning the promise. `uri` is the object's address as Sunbird writes it for that provider.
 */
export interface Sink {
  put(key: string, body: Readable, contentType: string): Promise<{ uri: string }>;
  /**
   * Aborts the unfinished uploads listed under `prefix` whose keys `isOurs` accepts (what a SIGKILLed earlier attempt
   * left; a sibling batch whose id extends this one's shares the prefix) and says how many it aborted. Only S3 has it: its unfinished multipart uploads stay, billed and holding the parts, until aborted; Azure
   * drops uncommitted blocks at the blob's next commit or after 7 days, GCS resumable sessions expire after a week.
   */
  abortUnfinished?(prefix: string, isOurs: (key: string) => boolean): Promise<number>;
}
