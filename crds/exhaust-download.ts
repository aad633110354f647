import { z } from "zod";
import type { CrdSource } from "./common.ts";
import { EXHAUST_API_VERSION, boundedString, resourceMetaSchema, timestampSchema, withCelRules } from "./common.ts";
import { conditionsSchema } from "./conditions.ts";
import { MAX_BATCHES_PER_REQUEST, batchIdSchema } from "./exhaust-request.ts";

// Velero's DownloadRequest pattern: a user asks for download links by creating this object in the request's
// namespace (RBAC decides who may), the operator answers with signed URLs in status, and deletes the object once
// the links have expired. The user never holds storage credentials and the operator hands out nothing RBAC did not.

export const EXHAUST_DOWNLOAD_KIND = "ExhaustDownload";
export const EXHAUST_DOWNLOAD_PLURAL = "exhaustdownloads";

/** Sunbird's channel.data_exhaust.expiryMins (reports-spec §3.6). */
export const DEFAULT_SIGNED_URL_EXPIRY_MINUTES = 30;
/** A link lives at most a day: long enough for a slow download, short enough that a leaked link dies soon. */
export const MAX_SIGNED_URL_EXPIRY_MINUTES = 1440;
/** status.urls[].url is at most this long (an Azure SAS on a long key is the longest of the three). */
export const MAX_SIGNED_URL_LENGTH = 8192;

export const DOWNLOAD_PHASES = ["Pending", "Ready", "Failed"] as const;
export type DownloadPhase = (typeof DOWNLOAD_PHASES)[number];

export const DownloadConditionType = {
  /** True once status.urls holds a signed URL for every batch asked for; False says why none are given. */
  Ready: "Ready",
} as const;

export const DownloadReason = {
  Signed: "Signed",
  RequestNotFound: "RequestNotFound",
  BatchNotFound: "BatchNotFound",
  NoSucceededBatches: "NoSucceededBatches",
  BatchNotSucceeded: "BatchNotSucceeded",
  StorageNotConfigured: "StorageNotConfigured",
  UnknownObjectUri: "UnknownObjectUri",
  SigningFailed: "SigningFailed",
  /** The namespace's export policy no longer allows the request's channel (it may have changed since the export). */
  ChannelNotAllowed: "ChannelNotAllowed",
} as const;
export type DownloadReason = (typeof DownloadReason)[keyof typeof DownloadReason];

const downloadSpecObject = z.object({
  requestName: boundedString(63, 1)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
    .describe("The ExhaustRequest, in this namespace, whose report files to sign."),
  batchId: batchIdSchema.optional().describe("One batch of that request; every succeeded batch when unset."),
  expiryMinutes: z
    .int()
    .min(1)
    .max(MAX_SIGNED_URL_EXPIRY_MINUTES)
    .default(DEFAULT_SIGNED_URL_EXPIRY_MINUTES)
    .describe("How long the signed URLs stay valid."),
});
export type ExhaustDownloadSpec = z.output<typeof downloadSpecObject>;

/** A download asks once: changing what it asks for would leave status describing another question. */
const downloadSpecRules = (["requestName", "batchId", "expiryMinutes"] as const).map((field) => ({
  rule: `has(self.${field}) == has(oldSelf.${field}) && (!has(self.${field}) || self.${field} == oldSelf.${field})`,
  message: `spec.${field} is immutable: create a new ExhaustDownload to ask for other links`,
  fieldPath: `.${field}`,
}));

export const signedUrlSchema = z.object({
  batchId: batchIdSchema,
  url: boundedString(MAX_SIGNED_URL_LENGTH, 1),
  expiresAt: timestampSchema,
  sha256: boundedString(64).regex(/^[a-f0-9]{64}$/).optional().describe("The object's sha256, from the request's status."),
  bytes: z.int().min(0).optional(),
});
export type SignedUrl = z.infer<typeof signedUrlSchema>;

export const exhaustDownloadStatusSchema = z.object({
  phase: z.enum(DOWNLOAD_PHASES).optional(),
  conditions: conditionsSchema.optional(),
  urls: z
    .array(signedUrlSchema)
    .max(MAX_BATCHES_PER_REQUEST)
    .meta({ "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["batchId"] })
    .optional(),
  expiration: timestampSchema.optional().describe("When the URLs expire; the operator deletes the object some time after."),
});
export type ExhaustDownloadStatus = z.infer<typeof exhaustDownloadStatusSchema>;

export const exhaustDownloadSchema = z.object({
  apiVersion: z.literal(EXHAUST_API_VERSION),
  kind: z.literal(EXHAUST_DOWNLOAD_KIND),
  metadata: resourceMetaSchema,
  spec: withCelRules(downloadSpecObject, downloadSpecRules),
  status: exhaustDownloadStatusSchema.optional(),
});
export type ExhaustDownload = z.output<typeof exhaustDownloadSchema>;
export type ExhaustDownloadInput = z.input<typeof exhaustDownloadSchema>;

export const exhaustDownloadCrd: CrdSource = {
  kind: EXHAUST_DOWNLOAD_KIND,
  plural: EXHAUST_DOWNLOAD_PLURAL,
  singular: "exhaustdownload",
  shortNames: ["exd"],
  categories: ["exhaust"],
  description: "Asks the operator for signed, expiring download URLs of an ExhaustRequest's report files (Velero's DownloadRequest pattern).",
  schema: exhaustDownloadSchema,
  printerColumns: [
    { name: "Request", type: "string", jsonPath: ".spec.requestName" },
    { name: "Batch", type: "string", jsonPath: ".spec.batchId" },
    { name: "Phase", type: "string", jsonPath: ".status.phase" },
    { name: "Expires", type: "date", jsonPath: ".status.expiration" },
    { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
  ],
};
