import { compareCodePoints } from "./code-point-order.ts";

// D11: Question Options / Question Response are standard JSON of the stored list<map<text,text>>. Keys are written
// in code-point order, the order Cassandra stores map keys in; a plain object would move integer-like keys first.
// Two of these per Response row: built by appending to one string, without entry arrays, and sorted only when the
// keys are out of order.

/** A stored text->text map: the driver may give a plain object or a Map. */
export type TextMap = Record<string, string> | ReadonlyMap<string, string>;

export function jsonListCell(list: readonly TextMap[] | null | undefined): string {
  if (list == null) return "";
  // The usual case, as the driver decodes it: plain objects of text values whose keys already enumerate in code-point
  // order. JSON.stringify then writes exactly these bytes, natively, in one call.
  if (list.every(isPlainTextRecordInOrder)) return JSON.stringify(list);
  let out = "[";
  for (let i = 0; i < list.length; i++) {
    if (i > 0) out += ",";
    const map = list[i] as TextMap;
    out += map instanceof Map ? jsonOfMap(map) : jsonOfRecord(map as Record<string, string>);
  }
  return `${out}]`;
}

function jsonOfRecord(record: Record<string, string>): string {
  const keys = Object.keys(record);
  if (!inCodePointOrder(keys)) keys.sort(compareCodePoints);
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    out += `${i > 0 ? "," : ""}${JSON.stringify(key)}:${JSON.stringify(record[key] ?? null)}`;
  }
  return `${out}}`;
}

function jsonOfMap(map: ReadonlyMap<string, string>): string {
  // No prototype: a key such as "__proto__" stays a key.
  const record = Object.create(null) as Record<string, string>;
  for (const [k, v] of map) record[k] = v;
  return jsonOfRecord(record);
}

function inCodePointOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (compareCodePoints(keys[i - 1] as string, keys[i] as string) > 0) return false;
  return true;
}

function isPlainTextRecordInOrder(map: TextMap): boolean {
  if (map instanceof Map || Object.getPrototypeOf(map) !== Object.prototype) return false;
  const keys = Object.keys(map);
  for (let i = 0; i < keys.length; i++) {
    const value = (map as Record<string, unknown>)[keys[i] as string];
    if (typeof value !== "string" && value !== null) return false;
    if (i > 0 && compareCodePoints(keys[i - 1] as string, keys[i] as string) > 0) return false;
  }
  return true;
}
