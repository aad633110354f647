import type { Redis } from "ioredis";
import type { RunnerConfig } from "../../crds/runner-contract.ts";
import { piiBatchDecryptor } from "../pii/decrypt.ts";
import { isCustodianRequest } from "../reports/consent.ts";
import { collectionProblem, parseHierarchy, qualifyingAssessments, type Collection } from "../reports/hierarchy.ts";
import type { Batch } from "../reports/model.ts";
import { filtersByOrg, ORG_FIELD, requestingOrg } from "../reports/org-filter.ts";
import { PROGRESS_CACHE_FIELDS, progressHeader } from "../reports/progress.ts";
import { RESPONSE_HEADER } from "../reports/response.ts";
import { USERINFO_CACHE_FIELDS, USERINFO_HEADER } from "../reports/userinfo.ts";
import type { CassandraReads } from "./cassandra/cassandra-reads.ts";
import { readHierarchyJson } from "./cassandra/content-hierarchy.ts";
import { readBatches } from "./cassandra/course-batches.ts";
import { completeProtection, readProtectionLevel, type Protection } from "./protection.ts";
import { readOptionalNodes } from "./redis/redis-caches.ts";
import type { ReportSpec } from "./report-rows.ts";
import { readCustodianOrgId } from "./cassandra/user-settings.ts";

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
 * Reads the batches, the protection level and its key (missing key: Sunbird's key message), the collection (failing
 * every batch with Sunbird's text when it is missing, retired or, for UserInfo, without consent), and the report's
 * own inputs. A throw applies to all batches. The custodian check uses the mapped requesting org (`System`, §4.5);
 * the security level uses the raw channel.
 */
export async function readReportInputs(db: CassandraReads, relationCache: Redis, config: RunnerConfig): Promise<ReportInputs> {
  const [batches, hierarchy, pending] = await Promise.all([
    readBatches(db, config.coursesKeyspace, config.collectionId, config.batchIds),
    readHierarchyJson(db, config.hierarchyKeyspace, config.collectionId),
    readProtectionLevel(db, config),
  ]);
  // §5.1 / §3.5: the key the level needs is checked (above) before the collection; the public key is fetched after.
  const collection = hierarchy === null ? null : parseHierarchy(config.collectionId, hierarchy);
  const problem = collectionProblem(collection, config.report);
  if (problem !== null || collection === null) throw problem;
  const protection = await completeProtection(db, config.userKeyspace, pending);
  const requestedOrg = config.requestedChannel;
  const cacheFields = (reportFields: readonly string[]) => (filtersByOrg(requestedOrg, collection.channel) ? [...reportFields, ORG_FIELD] : reportFields);
  switch (config.report) {
    case "userinfo": {
      const custodian = await readCustodianOrgId(db, config.userKeyspace);
      // The schema guarantees both for userinfo; the fallback keeps the types honest.
      const decryptAll = piiBatchDecryptor(config.piiKey ?? "", config.piiSalt ?? "");
      const spec: ReportSpec = { report: "userinfo", requestedOrg, cacheFields: cacheFields(USERINFO_CACHE_FIELDS), userKeyspace: config.userKeyspace, decryptAll };
      return { batches, collection, header: USERINFO_HEADER, spec, protection, headerOnly: isCustodianRequest(requestingOrg(requestedOrg, collection.channel), custodian) };
    }
    case "response":
      return { batches, collection, header: RESPONSE_HEADER, spec: { report: "response", requestedOrg, cacheFields: cacheFields([]), coursesKeyspace: config.coursesKeyspace }, protection, headerOnly: false };
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
        cacheFields: cacheFields(PROGRESS_CACHE_FIELDS),
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
