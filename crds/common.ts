import { z } from "zod";

export const EXHAUST_GROUP = "exhaust.sunbird.org";
export const EXHAUST_VERSION = "v1alpha1";
export const EXHAUST_API_VERSION = `${EXHAUST_GROUP}/${EXHAUST_VERSION}`;

/**
 * One CEL `x-kubernetes-validations` entry. `holds` is the same rule in TypeScript, so parsing with zod rejects
 * what the apiserver rejects; transition rules (those reading `oldSelf`) have none because zod sees one value.
 */
export interface CelRule<T> {
  rule: string;
  message: string;
  /** Relative to the object the rule is attached to, e.g. ".password"; the apiserver reports the error there. */
  fieldPath?: string;
  reason?: "FieldValueInvalid" | "FieldValueRequired" | "FieldValueForbidden" | "FieldValueDuplicate";
  holds?: (value: T) => boolean;
}

const celEntry = <T>({ rule, message, fieldPath, reason }: CelRule<T>) => ({
  rule,
  message,
  ...(fieldPath === undefined ? {} : { fieldPath }),
  ...(reason === undefined ? {} : { reason }),
});

/** Attaches the rules to the schema twice: as CRD metadata for the apiserver and as zod checks for parsing. */
export const withCelRules = <S extends z.ZodType>(schema: S, rules: readonly CelRule<z.output<S>>[]): S =>
  schema
    .superRefine((value, ctx) => {
      for (const r of rules) {
        if (r.holds !== undefined && !r.holds(value)) {
          const path = r.fieldPath === undefined ? [] : r.fieldPath.split(".").filter((p) => p !== "");
          ctx.addIssue({ code: "custom", message: r.message, path });
        }
      }
    })
    .meta({ "x-kubernetes-validations": rules.map(celEntry) });

/** Every string in a CRD needs a bound: the apiserver's CEL cost estimate depends on it. */
export const boundedString = (maxLength: number, minLength = 0) => z.string().min(minLength).max(maxLength);

/** An RFC 3339 time as Kubernetes writes it (metav1.Time). */
export const timestampSchema = z.iso.datetime({ offset: true }).max(64);

export const nonNegativeInt = () => z.int().min(0);

/** A DNS-1123 subdomain, the shape of most object names. */
export const objectNameSchema = boundedString(253, 1).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);

export const secretKeyRefSchema = z.object({
  name: objectNameSchema.describe("Name of a Secret in the resource's namespace."),
  key: boundedString(253, 1).regex(/^[-._a-zA-Z0-9]+$/).describe("Key inside the Secret."),
});
export type SecretKeyRef = z.infer<typeof secretKeyRefSchema>;

/** The part of metav1.ObjectMeta the operator reads; unknown fields pass through untouched. */
export const objectMetaSchema = z.looseObject({
  name: z.string().optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: z.number().optional(),
  creationTimestamp: z.string().optional(),
  deletionTimestamp: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  finalizers: z.array(z.string()).optional(),
  ownerReferences: z
    .array(
      z.looseObject({
        apiVersion: z.string(),
        kind: z.string(),
        name: z.string(),
        uid: z.string(),
        controller: z.boolean().optional(),
        blockOwnerDeletion: z.boolean().optional(),
      }),
    )
    .optional(),
});
export type ObjectMeta = z.infer<typeof objectMetaSchema>;

/** Names of our resources become parts of child names and label values, so they must be DNS-1123 labels. */
export const DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

/** ObjectMeta of one of our resources; the CRD schema restricts metadata.name with the same pattern. */
export const resourceMetaSchema = objectMetaSchema.extend({ name: z.string().regex(new RegExp(DNS_LABEL)).optional() });

/** The CEL rule at a resource's root that keeps `metadata.name` short enough for the names derived from it. */
export const nameLengthRule = (maxLength: number, why: string): CelRule<{ metadata: ObjectMeta }> => ({
  rule: `size(self.metadata.name) <= ${maxLength}`,
  message: `metadata.name must be at most ${maxLength} characters (${why})`,
  fieldPath: ".metadata.name",
  reason: "FieldValueInvalid",
  holds: (o) => o.metadata.name === undefined || o.metadata.name.length <= maxLength,
});

export interface PrinterColumn {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date";
  jsonPath: string;
  description?: string;
  priority?: number;
}

/** What a CRD needs beyond the schema: names, printer columns, the resource's root schema. */
export interface CrdSource {
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  description: string;
  schema: z.ZodType;
  printerColumns: PrinterColumn[];
}
