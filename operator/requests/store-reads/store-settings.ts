import type { z } from "zod";
import { runnerSettings, settingValue, type RunnerSettingKey } from "../../../crds/runner-contract.ts";
import type { OperatorConfig } from "../../config/operator-config.ts";

/** Where the operator reads course_batch, content_hierarchy and the enrolments table: the runners' own settings. */
export interface StoreSettings {
  contactPoints: string[];
  localDataCenter: string;
  username?: string;
  consistency: string;
  coursesKeyspace: string;
  hierarchyKeyspace: string;
  enrolmentsKeyspace: string;
  enrolmentsTable: string;
}

export type StoreSettingsResult = { ok: true; settings: StoreSettings } | { ok: false; error: string };

/**
 * The Cassandra settings from runner.settings, parsed with the runner's own schemas (same defaults), so the
 * operator resolves batches in exactly the keyspaces its runners will read. A missing required setting is an
 * error naming it: runners could not start without it either.
 */
export function storeSettingsFor(runner: OperatorConfig["runner"]): StoreSettingsResult {
  const errors: string[] = [];
  const read = <K extends RunnerSettingKey>(key: K): z.output<(typeof runnerSettings)[K]["schema"]> | undefined => {
    const raw = runner.settings[key];
    const parsed = runnerSettings[key].schema.safeParse(raw === undefined ? undefined : settingValue(raw));
    if (parsed.success) return parsed.data as z.output<(typeof runnerSettings)[K]["schema"]>;
    errors.push(`runner.settings.${key} (${runnerSettings[key].env}): ${parsed.error.issues[0]?.message ?? "invalid"}`);
    return undefined;
  };
  const contactPoints = read("cassandraContactPoints");
  const localDataCenter = read("cassandraLocalDc");
  const username = read("cassandraUsername");
  const consistency = read("cassandraConsistency");
  const coursesKeyspace = read("coursesKeyspace");
  const hierarchyKeyspace = read("hierarchyKeyspace");
  const enrolmentsKeyspace = read("enrolmentsKeyspace");
  const enrolmentsTable = read("enrolmentsTable");
  for (const [key, name] of Object.entries({ coursesKeyspace, hierarchyKeyspace, enrolmentsKeyspace, enrolmentsTable })) {
    if (name !== undefined && !isCqlIdentifier(name)) errors.push(`runner.settings.${key}: ${JSON.stringify(name)} is not a plain CQL identifier`);
  }
  if (
    errors.length > 0 ||
    contactPoints === undefined ||
    localDataCenter === undefined ||
    consistency === undefined ||
    coursesKeyspace === undefined ||
    hierarchyKeyspace === undefined ||
    enrolmentsKeyspace === undefined ||
    enrolmentsTable === undefined
  ) {
    return { ok: false, error: errors.join("; ") };
  }
  return {
    ok: true,
    settings: {
      contactPoints,
      localDataCenter,
      ...(username === undefined ? {} : { username }),
      consistency,
      coursesKeyspace,
      hierarchyKeyspace,
      enrolmentsKeyspace,
      enrolmentsTable,
    },
  };
}

/** Keyspace and table names are interpolated into CQL, so only plain identifiers pass. */
export const isCqlIdentifier = (name: string): boolean => /^[A-Za-z][A-Za-z0-9_]{0,47}$/.test(name);
