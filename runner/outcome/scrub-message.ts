// Failure messages travel into the manifest, then the ExhaustRequest status, webhooks and logs. Driver and SDK errors
// may quote a URL with its credentials (`scheme://user:pass@host`) or a signed query string; neither may travel.

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s@]*@/gi;
const QUERY_STRING = /\?[^\s?#"'<>]*=[^\s"'<>]*/g;

/** The message without URL user-info and without query strings (`?name=value…`). */
export const scrubMessage = (message: string): string =>
  message.replace(URL_CREDENTIALS, "$1[redacted]@").replace(QUERY_STRING, "?[redacted]");
