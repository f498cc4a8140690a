import type { HazardDraftView } from '../../../../cards/src/hazards/presentHazardDraftCard';
import { suggestCategories } from './categorySuggest';
import { leafCategories } from './hazardCategories';
import type { HazardPolicy } from './hazardPolicy';
import type { HazardLocation } from './hazardRepo';

/**
 * The chat report draft (conversation_states kind 'hazard_draft'): one per person, filled by photos,
 * text and a location in any order, kept for settings.hazardDraftMinutes. After submit or cancel the
 * row stays (so the old card can show the outcome) until the next input starts a fresh draft.
 */
export interface HazardDraft {
  draftId: string;
  text: string | null;
  photoFileIds: string[];
  location: HazardLocation | null;
  /** Area whose fence contains the location, if any. */
  locatedAreaKey: string | null;
  /** The platform the reporter writes from (replies and the card go back there). */
  platform: string;
  cardSent: boolean;
  submitted: { hazardId: string; code: string } | null;
  cancelled: boolean;
}

/** True while the draft takes input and may be submitted. */
export function isDraftOpen(d: HazardDraft | null): d is HazardDraft {
  return !!d && !d.submitted && !d.cancelled;
}

/** A photo is needed unless the plant waives it; a description always. */
export function isDraftReady(d: HazardDraft, requirePhoto: boolean): boolean {
  return !!d.text && (d.photoFileIds.length > 0 || !requirePhoto);
}

const MAX_OPTIONS = 10;

/** Category choices: keyword suggestions first, then other leaves, at most 10. */
export function categoryChoices(text: string | null, policy: HazardPolicy): Array<{ key: string; label: string }> {
  const leaves = leafCategories(policy.categories);
  const suggested = text ? suggestCategories(text, policy.categories, { limit: MAX_OPTIONS }).map((s) => s.key) : [];
  const order = [...suggested, ...leaves.map((l) => l.key).filter((k) => !suggested.includes(k))].slice(0, MAX_OPTIONS);
  return order.map((key) => ({ key, label: leaves.find((l) => l.key === key)?.name ?? key }));
}

/** The top suggestion for a text, if any. */
export function suggestedCategory(text: string | null, policy: HazardPolicy): string | null {
  return text ? (suggestCategories(text, policy.categories, { limit: 1 })[0]?.key ?? null) : null;
}

/** What the draft card shows. `expired` = the draft is gone or timed out. */
export function draftView(d: HazardDraft | null, draftId: string, policy: HazardPolicy, expired: boolean): HazardDraftView {
  const areas = policy.areas.map((a) => ({ key: a.key, name: a.name }));
  const located = d?.locatedAreaKey ?? null;
  const sortedAreas = located ? [...areas.filter((a) => a.key === located), ...areas.filter((a) => a.key !== located)] : areas;
  const text = d?.text ?? null;
  const outcome: HazardDraftView['outcome'] = !d || d.draftId !== draftId || (expired && !d.submitted)
    ? { kind: 'expired' }
    : d.submitted
      ? { kind: 'submitted', code: d.submitted.code }
      : d.cancelled
        ? { kind: 'cancelled' }
        : { kind: 'open' };
  return {
    draftId,
    description: text,
    photoCount: d?.photoFileIds.length ?? 0,
    areas: sortedAreas,
    selectedAreaKey: located,
    categories: categoryChoices(text, policy),
    selectedCategoryKey: suggestedCategory(text, policy),
    outcome,
  };
}
