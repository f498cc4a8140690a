import { ApprovalStep, PermitPolicy, RuleIssue } from './permitModel';
import { localDate } from './plantTime';

/** A confined-space permit (or excavation under confined-space rules) someone worked on. */
export interface ConfinedSpaceHistoryItem {
  permitId: string;
  personIds: string[];
  /** ISO start of the permit window. */
  from: string;
}

/** Outcome for one person. */
export interface FatigueResult {
  personId: string;
  /** Which confined-space permit of the month this one would be for the person (1-based). */
  ordinal: number;
  reviewRequired: boolean;
}

/**
 * Plant fatigue rule (a plant default, not in GB 30871): a person's Nth confined-space permit in a
 * calendar month (plant-local, N = policy.fatigue.cseMonthlyThreshold, default 7) goes to the team
 * lead for review. Returns one result per person plus the review step to put in front of the chain.
 */
export function fatigueReview(
  personIds: string[],
  permitFrom: Date,
  history: ConfinedSpaceHistoryItem[],
  policy: PermitPolicy,
  timezone: string,
  currentPermitId?: string,
): { results: FatigueResult[]; warnings: RuleIssue[]; extraSteps: ApprovalStep[] } {
  const month = localDate(permitFrom, timezone).slice(0, 7);
  const threshold = policy.fatigue.cseMonthlyThreshold;
  const results = personIds.map((personId) => {
    const earlier = history.filter(
      (h) => h.permitId !== currentPermitId && h.personIds.includes(personId) && localDate(new Date(h.from), timezone).slice(0, 7) === month,
    ).length;
    const ordinal = earlier + 1;
    return { personId, ordinal, reviewRequired: ordinal >= threshold.value };
  });
  const flagged = results.filter((r) => r.reviewRequired);
  const warnings: RuleIssue[] = flagged.map((r) => ({
    code: 'fatigue_review_required', field: `people.performerIds[${personIds.indexOf(r.personId)}]`,
    params: { personId: r.personId, ordinal: r.ordinal, threshold: threshold.value, month }, sourceRef: threshold.sourceRef,
  }));
  const extraSteps: ApprovalStep[] = flagged.length > 0
    ? [{ id: 'fatigue_review', kind: 'review', mode: 'any', roles: [...policy.fatigue.reviewerRoles.value], sourceRef: threshold.sourceRef }]
    : [];
  return { results, warnings, extraSteps };
}
