/** `[#######.............]  35%`: done out of a known total, in `width` cells; the total must be positive. */
export function progressBar(done: number, total: number, width = 20): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(fraction * width);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${percent}`;
}
