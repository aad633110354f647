// Doubles are written as Java's Double.toString writes them (reports-spec §4.7): the shortest decimal that reads
// back as the same double, always with a fractional digit, and in computerized scientific notation ("1.0E7",
// "1.0E-4") outside [1e-3, 1e7).

const PLAIN_MIN = 1e-3;
const PLAIN_MAX = 1e7;

export function javaDoubleString(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const sign = value < 0 ? "-" : "";
  const magnitude = Math.abs(value);
  // In the plain range JS's own shortest text has the same digits and layout, less the ".0" of whole numbers: one
  // string instead of the exponent form's five (this runs for two cells of every Response row).
  if (magnitude >= PLAIN_MIN && magnitude < PLAIN_MAX) return Number.isInteger(value) ? `${value}.0` : String(value);
  // toExponential() without an argument gives the shortest round-trip digits, as Java (JDK 19+) does.
  const [mantissa = "", exponentText = "0"] = magnitude.toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exponent = Number(exponentText);
  if (magnitude >= PLAIN_MIN && magnitude < PLAIN_MAX) return sign + plainDecimal(digits, exponent);
  const fraction = digits.length > 1 ? digits.slice(1) : "0";
  return `${sign}${digits[0]}.${fraction}E${exponent}`;
}

function plainDecimal(digits: string, exponent: number): string {
  if (exponent < 0) return `0.${"0".repeat(-exponent - 1)}${digits}`;
  const integerLength = exponent + 1;
  if (digits.length <= integerLength) return `${digits}${"0".repeat(integerLength - digits.length)}.0`;
  return `${digits.slice(0, integerLength)}.${digits.slice(integerLength)}`;
}

export const doubleCell = (value: number | null | undefined): string => (value == null ? "" : javaDoubleString(value));
