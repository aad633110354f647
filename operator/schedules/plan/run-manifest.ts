import { EXHAUST_API_VERSION } from "../../../crds/common.ts";
import { EXHAUST_REQUEST_KIND, type ExhaustRequest } from "../../../crds/exhaust-request.ts";
import { EXHAUST_SCHEDULE_KIND, type ExhaustSchedule } from "../../../crds/exhaust-schedule.ts";
import { toMetaTime } from "../../kube/meta/meta-time.ts";
import { RUN_NOW_TOKEN_ANNOTATION, SCHEDULED_AT_ANNOTATION, SCHEDULE_LABEL } from "./run-names.ts";

export interface RunIdentity {
  name: string;
  requestId: string;
  scheduledMs: number;
  runNowToken?: string;
}

/**
 * The ExhaustRequest for one run: the template's labels and annotations with ours on top (ours win, the controller
 * reads them back), the template's spec with the run's requestId, and a controller reference to the schedule
 * (blockOwnerDeletion, so a foreground delete of the schedule waits for its runs).
 */
export function runRequestManifest(schedule: ExhaustSchedule, run: RunIdentity): ExhaustRequest {
  const { metadata, spec } = schedule;
  const template = spec.template;
  return {
    apiVersion: EXHAUST_API_VERSION,
    kind: EXHAUST_REQUEST_KIND,
    metadata: {
      name: run.name,
      ...(metadata.namespace === undefined ? {} : { namespace: metadata.namespace }),
      labels: { ...template.metadata?.labels, [SCHEDULE_LABEL]: metadata.name ?? "" },
      annotations: {
        ...template.metadata?.annotations,
        [SCHEDULED_AT_ANNOTATION]: toMetaTime(new Date(run.scheduledMs)),
        ...(run.runNowToken === undefined ? {} : { [RUN_NOW_TOKEN_ANNOTATION]: run.runNowToken }),
      },
      ownerReferences: [
        {
          apiVersion: EXHAUST_API_VERSION,
          kind: EXHAUST_SCHEDULE_KIND,
          name: metadata.name ?? "",
          uid: metadata.uid ?? "",
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { ...structuredClone(template.spec), requestId: run.requestId },
  };
}
