/**
 * The text that replaces the last frame drawn on a terminal with `lines`: the cursor goes up over the previous
 * frame, which is erased to the end of the screen. Lines are clipped to the width, so none wraps and the next
 * frame knows how many lines to go up.
 */
export function terminalFrame(previousLineCount: number, lines: readonly string[], columns: number | undefined): string {
  const up = previousLineCount > 0 ? `\u001b[${previousLineCount}A\r` : "";
  const width = columns === undefined || columns < 2 ? undefined : columns - 1;
  const clipped = lines.map((line) => (width === undefined || line.length <= width ? line : `${line.slice(0, width - 1)}…`));
  return `${up}\u001b[0J${clipped.join("\n")}\n`;
}
