import { zonedDates } from "../format/zoned-date.ts";
import type { ReportKind } from "../reports/report-kind.ts";

// D1 / reports-spec §4.6: `<prefix><report>-exhaust/<requestId>/<batchId>_<report>_<yyyyMMdd>.<ext>`, the date being
// the write date in the report time zone. The zip holds one entry: the same file name with `.csv`.

export interface ObjectKeyInput {
  prefix: string;
  report: ReportKind;
  requestId: string;
  batchId: string;
  date: Date;
  timeZone: string;
  ext: "zip" | "csv";
}

const fileStem = (report: ReportKind, batchId: string, date: Date, timeZone: string) =>
  `${batchId}_${report}_${zonedDates(timeZone).compactDate(date)}`;

export const objectKey = ({ prefix, report, requestId, batchId, date, timeZone, ext }: ObjectKeyInput): string =>
  `${prefix}${report}-exhaust/${requestId}/${fileStem(report, batchId, date, timeZone)}.${ext}`;

export const zipEntryName = ({ report, batchId, date, timeZone }: Omit<ObjectKeyInput, "prefix" | "requestId" | "ext">): string =>
  `${fileStem(report, batchId, date, timeZone)}.csv`;
