import { actorOf, hasRight, Principal } from '../../platform/auth/principal';
import type { Db } from '../../platform/db/db';
import type { EvidenceActor } from '../../platform/evidence/evidenceChain';
import type { Jobs } from '../../platform/jobs/jobs';
import type { Logger } from '../../platform/log';
import type { TimerWaker } from './hazardTimerWaker';
import { HAZARD_RIGHTS, HazardActor, SYSTEM_ACTOR } from './hazardTypes';

/** What the hazard commands use of the server (a narrow slice of ServerDeps, so tests can build it). */
export interface HazardDeps {
  db: Db;
  jobs: Jobs;
  log: Logger;
  now(): Date;
  /** env DEMO_PROFILE: plant demoProfile.secondsPerHour applies. */
  demoProfile: boolean;
  /** Wakes timer workers at due time; null = polling only. */
  waker: TimerWaker | null;
}

/** Who acts, in the three forms the layers need: the machine's actor, the evidence actor and a locale. */
export interface HazardCaller {
  actor: HazardActor;
  evidence: EvidenceActor;
  locale: string;
  /** Person id when a person acts (reporter of new hazards, uploader of photos). */
  personId: string | null;
  /** May set the grade of a new report directly. */
  mayGrade: boolean;
}

/**
 * The caller of a verified principal. Rights are expanded here because the machine only knows exact
 * right strings and '*', while roles may grant a family ('hazard.*').
 */
export function callerOf(p: Principal): HazardCaller {
  const rights = Object.values(HAZARD_RIGHTS).filter((r) => hasRight(p, r));
  const personId = p.personId ?? null;
  return {
    actor: { personId: personId ?? `api:${p.tokenId ?? p.label}`, rights },
    evidence: actorOf(p),
    locale: p.locale,
    personId,
    mayGrade: hasRight(p, HAZARD_RIGHTS.grade),
  };
}

/** The caller of SLA timer jobs and rule-based automation. */
export const TIMER_CALLER: HazardCaller = Object.freeze({
  actor: SYSTEM_ACTOR,
  evidence: { type: 'system', id: 'timer', label: 'timer' },
  locale: 'zh-CN',
  personId: null,
  mayGrade: true,
}) as HazardCaller;

/** Subject type of hazards in deliveries, sent messages and evidence. */
export const HAZARD_SUBJECT = 'hazard';
/** Subject type of chat drafts (the draft card). */
export const DRAFT_SUBJECT = 'hazard_draft';
