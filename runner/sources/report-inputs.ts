import type { Redis } from "ioredis";
import type { RunnerConfig } from "../../crds/runner-contract.ts";
import { piiDecryptor } from "../pii/decrypt.ts";
import { isCustodianRequest } from "../reports/consent.ts";
import { collectionProblem, parseHierarchy, qualifyingAssessments, type Collection } from "../reports/hierarchy.ts";
import type { Batch } from "../reports/model.ts";
import { progressHeader } from "../reports/progress.ts";
import { RESPONSE_HEADER } from "../reports/response.ts";
import { USERINFO_HEADER } from "../reports/userinfo.ts";
import type { CassandraReads } from "./cassandra-reads.ts";
import { readHierarchyJson } from "./content-hierarchy.ts";
import { readBatches } from "./course-batches.ts";
import { readProtection, type Protection } from "./protection.ts";
import { readOptionalNodes } from "./redis-caches.ts";
import type { ReportSpec } from "./report-rows.ts";
import { readCustodianOrgId } from "./user-settings.ts";

/** Everything the run's batches share, read once before any enrolment. */
export interface ReportInputs {
  batches: Map<string, Batch>;
  collection: Collection;
  header: readonly string[];
  spec: ReportSpec;
  protection: Protection;
  /** UserInfo requested by the custodian org: header-only files, no enrolment read (D7). */
  headerOnly: boolean;
}

/**
 * Reads the batches, the collection (failing every batch with Sunbird's text when it is missing, retired or, for
 * UserInfo, without consent), the protection level and the report's own inputs. A throw applies to all batches.
 */
export async function readReportInputs(db: CassandraReads, relationCache: Redis, config: RunnerConfig): Promise<ReportInputs> {
  const [batches, hierarchy] = await Promise.all([
    readBatches(db, config.coursesKeyspace, config.collectionId, config.batchIds),
    readHierarchyJson(db, config.hierarchyKeyspace, config.collectionId),
  ]);
  const collection = hierarchy === null ? null : parseHierarchy(config.collectionId, hierarchy);
  const problem = collectionProblem(collection, config.report);
  if (problem !== null || collection === null) throw problem;
  const protection = await readProtection(db, config);
  const requestedOrg = config.requestedChannel;
  switch (config.report) {
    case "userinfo": {
      const custodian = await readCustodianOrgId(db, config.userKeyspace);
      // The schema guarantees both for userinfo; the fallback keeps the types honest.
      const decrypt = piiDecryptor(config.piiKey ?? "", config.piiSalt ?? "");
      const spec: ReportSpec = { report: "userinfo", requestedOrg, userKeyspace: config.userKeyspace, decrypt };
      return { batches, collection, header: USERINFO_HEADER, spec, protection, headerOnly: isCustodianRequest(requestedOrg, custodian) };
    }
    case "response":
      return { batches, collection, header: RESPONSE_HEADER, spec: { report: "response", requestedOrg, coursesKeyspace: config.coursesKeyspace }, protection, headerOnly: false };
    case "progress": {
      const assessmentIds = qualifyingAssessments(collection, {
        contentTypes: config.assessmentContentTypes,
        objectTypes: config.assessmentObjectTypes,
        primaryCategories: config.assessmentPrimaryCategories,
      });
      const optionalNodes = await readOptionalNodes(relationCache, config.redisKeyPrefix, config.optionalNodesSuffix, config.collectionId);
      const spec: ReportSpec = {
        report: "progress",
        requestedOrg,
        coursesKeyspace: config.coursesKeyspace,
        assessmentIds,
        optionalNodes,
        scoreSource: config.scoreSource,
        attemptSelection: config.attemptSelection,
        activityType: config.activityType,
      };
      return { batches, collection, header: progressHeader(assessmentIds), spec, protection, headerOnly: false };
    }
  }
}
