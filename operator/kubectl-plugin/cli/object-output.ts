import { stringify } from "yaml";

/** The `-o` formats the plugin prints objects in, as kubectl names them. */
export const OUTPUT_FORMATS = ["yaml", "json", "name"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

interface PrintableObject {
  kind?: string;
  apiVersion?: string;
  metadata?: { name?: string; generateName?: string; managedFields?: unknown };
}

/** `kind.group/name`, as `kubectl -o name` prints it; a not-yet-named object shows its generateName prefix. */
export function resourceNameOf(object: PrintableObject): string {
  const group = object.apiVersion?.includes("/") ? `.${object.apiVersion.split("/")[0]}` : "";
  const name = object.metadata?.name ?? `${object.metadata?.generateName ?? ""}<generated>`;
  return `${(object.kind ?? "object").toLowerCase()}${group}/${name}`;
}

/** An object as `-o yaml|json|name` prints it; managedFields are left out, as kubectl does by default. */
export function formatObject(object: PrintableObject, format: OutputFormat): string {
  if (format === "name") return `${resourceNameOf(object)}\n`;
  const { managedFields: _managed, ...metadata } = object.metadata ?? {};
  const printable = object.metadata === undefined ? object : { ...object, metadata };
  return format === "json" ? `${JSON.stringify(printable, null, 2)}\n` : stringify(printable);
}
