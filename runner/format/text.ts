// D20: Spark's CSV writer strips leading and trailing whitespace from every field the way Java's String.trim does:
// every char up to U+0020 (controls included), but not Unicode spaces such as U+00A0, which String#trim would take.

const isTrimmable = (code: number) => code <= 0x20;

export function trimText(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isTrimmable(value.charCodeAt(start))) start++;
  while (end > start && isTrimmable(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/** A text column: null or missing is an empty field, anything else is trimmed. */
export const textCell = (value: string | null | undefined): string => (value == null ? "" : trimText(value));
