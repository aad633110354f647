import { EXHAUST_GROUP, EXHAUST_VERSION } from "../../../crds/common.ts";
import { EXHAUST_REQUEST_KIND, EXHAUST_REQUEST_PLURAL } from "../../../crds/exhaust-request.ts";
import { EXHAUST_SCHEDULE_KIND, EXHAUST_SCHEDULE_PLURAL } from "../../../crds/exhaust-schedule.ts";
import { EXHAUST_DOWNLOAD_KIND, EXHAUST_DOWNLOAD_PLURAL } from "../../../crds/exhaust-download.ts";

/** Enough about a resource to build its REST paths: the informer and the write helpers take one of these. */
export interface ResourceType {
  /** "" for the core group. */
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

export const secrets: ResourceType = { group: "", version: "v1", plural: "secrets", kind: "Secret", namespaced: true };
export const pods: ResourceType = { group: "", version: "v1", plural: "pods", kind: "Pod", namespaced: true };
export const jobs: ResourceType = { group: "batch", version: "v1", plural: "jobs", kind: "Job", namespaced: true };
export const leases: ResourceType = { group: "coordination.k8s.io", version: "v1", plural: "leases", kind: "Lease", namespaced: true };
export const events: ResourceType = { group: "events.k8s.io", version: "v1", plural: "events", kind: "Event", namespaced: true };
export const namespaces: ResourceType = { group: "", version: "v1", plural: "namespaces", kind: "Namespace", namespaced: false };
export const exhaustRequests: ResourceType = { group: EXHAUST_GROUP, version: EXHAUST_VERSION, plural: EXHAUST_REQUEST_PLURAL, kind: EXHAUST_REQUEST_KIND, namespaced: true };
export const customResourceDefinitions: ResourceType = { group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions", kind: "CustomResourceDefinition", namespaced: false };
export const exhaustSchedules: ResourceType = { group: EXHAUST_GROUP, version: EXHAUST_VERSION, plural: EXHAUST_SCHEDULE_PLURAL, kind: EXHAUST_SCHEDULE_KIND, namespaced: true };
export const exhaustDownloads: ResourceType = { group: EXHAUST_GROUP, version: EXHAUST_VERSION, plural: EXHAUST_DOWNLOAD_PLURAL, kind: EXHAUST_DOWNLOAD_KIND, namespaced: true };

export const apiVersionOf = (type: ResourceType): string => (type.group ? `${type.group}/${type.version}` : type.version);

/** The list/watch/create path; all namespaces when `namespace` is undefined. */
export function collectionPath(type: ResourceType, namespace?: string): string {
  const root = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  const scope = type.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${root}${scope}/${type.plural}`;
}

/** The path of one object, or of its subresource (`status`). */
export function objectPath(type: ResourceType, namespace: string | undefined, name: string, subresource?: string): string {
  const path = `${collectionPath(type, namespace)}/${encodeURIComponent(name)}`;
  return subresource ? `${path}/${subresource}` : path;
}
