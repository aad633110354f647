// Apache commons-codec Base64.decodeBase64, which Sunbird's DecryptUtil uses: it skips every character outside the
// alphabet (line breaks, spaces, '@', ...), accepts both the standard and the URL-safe alphabet, stops at the first
// '=', and drops a dangling 6-bit group.

const NOT_BASE64 = -1;
const VALUES = new Int8Array(128).fill(NOT_BASE64);
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;
VALUES["-".charCodeAt(0)] = 62;
VALUES["_".charCodeAt(0)] = 63;
const PAD = "=".charCodeAt(0);

// Canonical Base64 (what Sunbird writes) decodes natively; only unusual text takes the character loop.
const CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function decodeBase64Leniently(text: string): Buffer {
  return CANONICAL.test(text) ? Buffer.from(text, "base64") : decodeCharByChar(text);
}

function decodeCharByChar(text: string): Buffer {
  const out = Buffer.allocUnsafe(Math.floor((text.length * 3) / 4) + 3);
  let length = 0;
  let bits = 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === PAD) break;
    const value = code < 128 ? (VALUES[code] ?? NOT_BASE64) : NOT_BASE64;
    if (value === NOT_BASE64) continue;
    bits = (bits << 6) | value;
    if (++count === 4) {
      out[length++] = (bits >> 16) & 0xff;
      out[length++] = (bits >> 8) & 0xff;
      out[length++] = bits & 0xff;
      bits = 0;
      count = 0;
    }
  }
  if (count === 2) out[length++] = (bits >> 4) & 0xff;
  if (count === 3) {
    out[length++] = (bits >> 10) & 0xff;
    out[length++] = (bits >> 2) & 0xff;
  }
  return out.subarray(0, length);
}
