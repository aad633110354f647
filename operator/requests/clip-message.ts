/** status.batches[].lastError.message is bounded by the CRD; condition messages use the same bound here. */
export const MAX_ERROR_MESSAGE = 1024;

export const clipMessage = (message: string, max = MAX_ERROR_MESSAGE): string => (message.length <= max ? message : `${message.slice(0, max - 3)}...`);
