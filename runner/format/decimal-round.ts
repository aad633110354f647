// Response "Question Duration" is a Cassandra decimal that Sunbird rounds HALF_UP to a whole number (`12`).
// Rounding works on the decimal text so that 2.5 stays exactly 2.5; a binary double would not always.

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Round half away from zero to an integer; "" for null or text that is not a decimal number. */
export function roundHalfUpCell(value: number | string | null | undefined): string {
  if (value == null) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "";
    if (Math.abs(value) < NUMBER_FAST_LIMIT) return roundNumber(value);
  }
  const text = typeof value === "number" ? numberText(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) return "";
  const [, sign = "", whole = "", fraction = "", exponentText = "0"] = match;
  if (whole === "" && fraction === "") return "";
  const exponent = Number(exponentText);
  const digits = whole + fraction;
  const pointAt = whole.length + exponent;
  const integerDigits = pointAt <= 0 ? "" : pointAt >= digits.length ? digits + "0".repeat(pointAt - digits.length) : digits.slice(0, pointAt);
  const firstDropped = pointAt < 0 ? "0" : (digits[pointAt] ?? "0");
  let rounded = BigInt(integerDigits === "" ? "0" : integerDigits);
  if (firstDropped >= "5") rounded += 1n;
  return rounded === 0n || sign !== "-" ? rounded.toString() : `-${rounded}`;
}

// A JS number's shortest text may use an exponent ("1e+21"); DECIMAL reads that form too.
const numberText = (value: number) => String(value);

// Below 1e21 a whole double prints as plain digits, so the arithmetic below gives the text path's result.
const NUMBER_FAST_LIMIT = 1e21;

/**
 * Half away from zero on the double itself, without text: the fraction of a double below 2^52 is exact, and the
 * double's shortest decimal text lies on the same side of k + 0.5 as the double (k + 0.5 is a double, so a text that
 * reads back as a different double cannot cross it), so this equals rounding that text.
 */
function roundNumber(value: number): string {
  const magnitude = Math.abs(value);
  const whole = Math.floor(magnitude);
  const rounded = magnitude - whole >= 0.5 ? whole + 1 : whole;
  return rounded === 0 || value > 0 ? String(rounded) : `-${rounded}`;
}
