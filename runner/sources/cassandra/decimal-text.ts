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
