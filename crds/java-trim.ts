// Java's String.trim, which Sunbird's Scala jobs apply: every char up to U+0020 (controls included) at either end,
// but not Unicode spaces such as U+00A0. The runner's cells (D20) and the platform decryption read it here.

const isTrimmable = (code: number) => code <= 0x20;

export function javaTrim(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isTrimmable(value.charCodeAt(start))) start++;
  while (end > start && isTrimmable(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}
