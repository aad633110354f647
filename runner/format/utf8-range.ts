import { isUtf8 } from "node:buffer";

/**
 * Whether the bytes [start, end) of `src` are valid UTF-8. ASCII (most text in the stores) is settled by a JS loop:
 * for a short field that costs less than the native check and its Buffer view.
 */
export function isUtf8Range(src: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if ((src[i] as number) >= 0x80) return isUtf8(src.subarray(start, end));
  return true;
}
