import { compareCodePoints } from "./code-point-order.ts";

// D11: Question Options / Question Response are standard JSON of the stored list<map<text,text>>. Keys are written
// in code-point order, the order Cassandra stores map keys in; a plain object would move integer-like keys first.

/** A stored text->text map: the driver may give a plain object or a Map. */
export type TextMap = Record<string, string> | ReadonlyMap<string, string>;

export function jsonListCell(list: readonly TextMap[] | null | undefined): string {
  if (list == null) return "";
  return `[${list.map(jsonMap).join(",")}]`;
}

function jsonMap(map: TextMap): string {
  const entries = map instanceof Map ? [...map.entries()] : Object.entries(map);
  entries.sort(([a], [b]) => compareCodePoints(a, b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v ?? null)}`).join(",")}}`;
}
