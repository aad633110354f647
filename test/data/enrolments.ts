import { attemptRow, type AttemptRow, type QuestionBank } from "./assessments.ts";
import type { Batch, Collection } from "./catalog.ts";
import { contentId } from "./hierarchy.ts";
import { type Rng, rngFor, uuidFrom } from "./prng.ts";
import { inUserCache, userId } from "./users.ts";

/** user_enrolments row; an absent field is not written (no tombstone), as in Sunbird's rows. */
export interface EnrolmentRow {
  userid: string;
  courseid: string;
  batchid: string;
  active: boolean;
  addedby?: string;
  certificates?: Record<string, string>[];
  issued_certificates?: Record<string, string>[];
  completedon?: Date;
  completionpercentage: number;
  contentstatus?: Record<string, number>;
  datetime: Date;
  enrolled_date?: Date;
  enrolleddate?: string;
  lastreadcontentid?: string;
  lastreadcontentstatus?: number;
  progress: number;
  status: number;
}

export interface ActivityRow {
  activity_type: string;
  activity_id: string;
  user_id: string;
  context_id: string;
  aggregates: Record<string, number>;
  agg: Record<string, number>;
  agg_last_updated: Record<string, Date>;
}

export interface ConsentRow {
  user_id: string;
  consumer_id: string;
  object_id: string;
  consumer_channel: string;
  consumer_type: string;
  object_type: string;
  status: "ACTIVE" | "REVOKED";
  id: string;
  created_on: Date;
  last_updated_on?: Date;
}

/** Everything one enrolment contributes, produced alone from (seed, batch, position). */
export interface EnrolmentBundle {
  userIndex: number;
  enrolment: EnrolmentRow;
  attempts: AttemptRow[];
  activity?: ActivityRow;
  consent?: ConsentRow;
  /** Passes the runner's enrolment filter (§4.3): active and some enrolment date. */
  exportable: boolean;
  /** The user has a `user:<id>` hash; Sunbird's inner join drops the others. */
  inUserCache: boolean;
}

const DAY = 86_400_000;
const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

/** Sunbird's legacy enrolleddate text, e.g. `2019-11-15 05:41:50:382+0000`. */
export const legacyDate = (d: Date): string =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}:${pad(d.getUTCMilliseconds(), 3)}+0000`;

export interface EnrolmentContext {
  seed: number;
  collection: Collection;
  bank: QuestionBank;
  /** Chance that a learner who started the course attempted a given assessment. */
  attemptRate: number;
}

export function enrolmentBundle(ctx: EnrolmentContext, batch: Batch, position: number): EnrolmentBundle {
  const { seed, collection } = ctx;
  const rng = rngFor(seed, `enrolment:${batch.index}`, position);
  const userIndex = batch.userOffset + position;
  const user = userId(seed, userIndex);
  const enrolledAt = new Date(batch.startDate.getTime() + rng.int(0, 20 * DAY));
  // Structural by position, so every size from 10 rows up shows each case: inactive, legacy/both/no dates.
  const active = position % 20 !== 19;
  const dates = position % 50 === 29 ? "none" : position % 10 === 7 ? "legacy" : position % 10 === 8 ? "both" : "current";
  const contentstatus = progressOf(rng, collection);
  const completed = Object.entries(contentstatus ?? {}).filter(([id, s]) => s === 2 && collection.leafIds.includes(id)).length;
  const allDone = completed >= collection.leafIds.length - collection.optionalNodes.length;
  const completedon = (allDone && rng.chance(0.85)) || rng.chance(0.02) ? new Date(enrolledAt.getTime() + rng.int(1, 60) * DAY) : undefined;
  const lastRead = contentstatus ? Object.keys(contentstatus).at(-1) : undefined;

  const enrolment: EnrolmentRow = {
    userid: user, courseid: collection.id, batchid: batch.id, active,
    completionpercentage: Math.min(100, Math.round((completed * 100) / Math.max(1, collection.leafIds.length))),
    datetime: enrolledAt, progress: completed, status: completedon ? 2 : contentstatus ? 1 : 0,
    ...(rng.chance(0.3) ? { addedby: uuidFrom(rng) } : {}),
    ...(dates === "current" || dates === "both" ? { enrolled_date: enrolledAt } : {}),
    ...(dates === "legacy" || dates === "both" ? { enrolleddate: legacyDate(enrolledAt) } : {}),
    ...(contentstatus ? { contentstatus } : {}),
    ...(completedon ? { completedon, ...certificates(rng, completedon) } : {}),
    ...(lastRead ? { lastreadcontentid: lastRead, lastreadcontentstatus: contentstatus?.[lastRead] ?? 1 } : {}),
  };

  const attempts: AttemptRow[] = [];
  if (contentstatus) {
    const skill = 0.3 + rng.next() * 0.7;
    for (const content of collection.assessmentIds) {
      if (!rng.chance(ctx.attemptRate)) continue;
      for (let n = rng.pick([1, 1, 1, 1, 2, 3]); n > 0; n--) {
        const at = new Date(enrolledAt.getTime() + rng.int(1, 40 * DAY));
        attempts.push(attemptRow(rng, ctx.bank, { userId: user, courseId: collection.id, batchId: batch.id, content }, at, skill));
      }
    }
  }
  return {
    userIndex,
    enrolment,
    attempts,
    ...(contentstatus ? { activity: activityRow(enrolment, completed, attempts) } : {}),
    ...consentOf(rng, enrolment, collection, position),
    exportable: active && dates !== "none",
    inUserCache: inUserCache(userIndex),
  };
}

// Not started (no contentstatus), part way, or done; now and then a stale id that is no longer in the tree.
function progressOf(rng: Rng, collection: Collection): Record<string, number> | undefined {
  const r = rng.next();
  if (r < 0.2) return undefined;
  const status: Record<string, number> = {};
  for (const leaf of collection.leafIds) {
    if (r >= 0.55) {
      if (!(collection.optionalNodes.includes(leaf) && rng.chance(0.5))) status[leaf] = 2;
    } else {
      const s = rng.next();
      if (s < 0.5) status[leaf] = 2;
      else if (s < 0.7) status[leaf] = 1;
    }
  }
  if (Object.keys(status).length === 0 && collection.leafIds[0]) status[collection.leafIds[0]] = 1;
  if (rng.chance(0.03)) status[contentId(rng)] = 2;
  return status;
}

function certificates(rng: Rng, issued: Date): Partial<EnrolmentRow> {
  const r = rng.next();
  const cert = { name: "Course completion certificate", token: rng.hex(6).toUpperCase(), lastIssuedOn: issued.toISOString() };
  if (r < 0.5) return { certificates: [{ ...cert, id: uuidFrom(rng) }] };
  if (r < 0.8) return { issued_certificates: [{ ...cert, identifier: uuidFrom(rng) }] };
  return {};
}

function activityRow(e: EnrolmentRow, completed: number, attempts: AttemptRow[]): ActivityRow {
  const aggregates: Record<string, number> = { completedCount: completed };
  for (const a of attempts) {
    if (aggregates[`score:${a.content_id}`] === undefined || a.total_score > (aggregates[`score:${a.content_id}`] ?? 0)) {
      aggregates[`score:${a.content_id}`] = a.total_score;
      aggregates[`max_score:${a.content_id}`] = a.total_max_score;
    }
  }
  return {
    activity_type: "Course", activity_id: e.courseid, user_id: e.userid, context_id: `cb:${e.batchid}`,
    aggregates, agg: { completedCount: completed }, agg_last_updated: { completedCount: e.completedon ?? e.datetime },
  };
}

// Consent to the collection's own org: ACTIVE mostly, REVOKED at position 5 mod 10, none at 6 mod 10.
function consentOf(rng: Rng, e: EnrolmentRow, collection: Collection, position: number): { consent?: ConsentRow } {
  const slot = position % 10;
  if (slot === 6) return {};
  const created = new Date(e.datetime.getTime() + rng.int(0, 3 * DAY));
  return {
    consent: {
      user_id: e.userid, consumer_id: collection.channel, object_id: collection.id, consumer_channel: collection.channel,
      consumer_type: "ORGANISATION", object_type: "Collection", status: slot === 5 ? "REVOKED" : "ACTIVE",
      id: `usr-consent:${e.userid}:${collection.channel}:${collection.id}`, created_on: created,
      ...(position % 40 === 13 ? {} : { last_updated_on: new Date(created.getTime() + rng.int(0, 5 * DAY)) }),
    },
  };
}
