import { types } from "cassandra-driver";

/**
 * A Cassandra decimal as `<unscaled>E<-scale>` text, which roundHalfUpCell reads exactly. The driver's own
 * BigDecimal.toString drops a negative scale (unscaled 12, scale -2 renders as "12." instead of 1200).
 */
export function decimalText(value: types.BigDecimal): string {
  // The driver's wire form: a 4-byte big-endian scale, then the unscaled value as a two's-complement integer.
  const buf = types.BigDecimal.toBuffer(value);
  return `${types.Integer.fromBuffer(buf.subarray(4)).toString()}E${-buf.readInt32BE(0)}`;
}

/** The driver's BigDecimal fields (version pinned; the unit test reads them back against toBuffer). */
type BigDecimalFields = { _intVal?: types.Integer; _scale?: number };

// Up to 6 decimals and below 2^32, two decimals on either side of k + 0.5 are at least 0.5e-6 apart, more than half a
// double's spacing there (2^-21), so the nearest double rounds half-up exactly as the decimal does.
const MAX_FRACTION_DIGITS = 6;
const MAX_MAGNITUDE = 2 ** 32;

/**
 * A decimal for roundHalfUpCell: the nearest double when that rounds exactly as the decimal (the usual durations),
 * else the exact text. The double costs no Buffer, no Integer and no text per question.
 */
export function decimalValue(value: types.BigDecimal): number | string {
  const { _intVal: intVal, _scale: scale } = value as unknown as BigDecimalFields;
  if (intVal === undefined || scale === undefined) return decimalText(value);
  return nearestExactDouble(intVal.toNumber(), scale) ?? decimalText(value);
}

/**
 * unscaled × 10^-scale as the nearest double when that rounds half-up exactly as the decimal does (see above), else
 * null (then the exact text decides).
 */
export function nearestExactDouble(unscaled: number, scale: number): number | null {
  if (!Number.isSafeInteger(unscaled)) return null;
  if (scale <= 0) {
    const whole = unscaled * 10 ** -scale;
    return Number.isSafeInteger(whole) ? whole : null;
  }
  if (scale > MAX_FRACTION_DIGITS) return null;
  // A correctly rounded division of two exact doubles: the nearest double to the decimal.
  const nearest = unscaled / 10 ** scale;
  return Math.abs(nearest) < MAX_MAGNITUDE ? nearest : null;
}
