// One row of the fault table (issue 16, docs/reliability.md): what a scenario did and what it found. Pure: the
// scenarios build rows, recordFaultRow prints them.

export interface FaultRow {
  scenario: string;
  requests: number;
  batches: number;
  /** Faults really injected: signals sent, stores stopped. */
  faults: number;
  /** Batches that ended Succeeded with their object. */
  completed: number;
  /** Objects (or Jobs) beyond one per batch. */
  duplicates: number;
  /** Batches that did not complete. */
  lost: number;
  /** Secret or PII values found where they must not be, plus unfinished uploads left behind. */
  leaked: number;
  /** From the end of the last fault to the last batch's completion; undefined when nothing had to recover. */
  recoverMs?: number;
}

const columns = ["scenario", "requests", "batches", "faults injected", "completed", "duplicates", "lost", "leaked", "time to recover"] as const;

const seconds = (ms: number | undefined) => (ms === undefined ? "-" : `${(ms / 1000).toFixed(1)} s`);

/** The Markdown header of the fault table. */
export const faultTableHeader = (): string => `| ${columns.join(" | ")} |\n|${columns.map(() => "---").join("|")}|`;

/** A row as a Markdown table line, in the header's column order. */
export const formatFaultRow = (r: FaultRow): string =>
  `| ${[r.scenario, r.requests, r.batches, r.faults, r.completed, r.duplicates, r.lost, r.leaked, seconds(r.recoverMs)].join(" | ")} |`;

/** Whether the row shows the invariants held: every batch completed, none twice, nothing lost or leaked. */
export const faultRowHolds = (r: FaultRow): boolean => r.completed === r.batches && r.duplicates === 0 && r.lost === 0 && r.leaked === 0;
