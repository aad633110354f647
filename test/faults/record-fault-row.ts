import { faultTableHeader, formatFaultRow, type FaultRow } from "./fault-row.ts";

/** Prints a scenario's row under the table header, so every run's output carries its figures. */
export function recordFaultRow(row: FaultRow): void {
  process.stdout.write(`\n${faultTableHeader()}\n${formatFaultRow(row)}\n`);
}
