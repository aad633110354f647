import { MAX_ERROR_MESSAGE } from "../../crds/exhaust-request.ts";

// status.batches[].lastError.message is bounded by the CRD; condition messages use the same bound here.

export const clipMessage = (message: string, max = MAX_ERROR_MESSAGE): string => (message.length <= max ? message : `${message.slice(0, max - 3)}...`);
