import { stringify } from "csv-stringify";
import type { Options, Stringifier } from "csv-stringify";

// D2 / reports-spec §4.7: RFC 4180. Comma separator; a field is quoted only when it holds a comma, a quote, CR or LF;
// quotes are doubled; every record (the last one too) ends with CRLF; UTF-8 without a BOM; one header row.
export const RFC4180_OPTIONS: Options = {
  delimiter: ",",
  quote: '"',
  escape: '"',
  record_delimiter: "\r\n",
  // Without this, a custom record delimiter makes csv-stringify quote only fields holding the whole CRLF, leaving
  // a lone LF or CR unquoted.
  quote_record_delimiter: true,
  eof: true,
  bom: false,
  header: false,
  quoted: false,
  quoted_empty: false,
  quoted_string: false,
  escape_formulas: false,
};

/**
 * A Transform that takes rows (arrays of already-rendered strings) and emits CSV text, starting with `header`.
 * The header is written even when no row follows, so an empty report is a header-only file.
 */
export function csvRowStream(header: readonly string[]): Stringifier {
  const stringifier = stringify(RFC4180_OPTIONS);
  stringifier.write([...header]);
  return stringifier;
}
