import { ACTIONS } from '../actions';
import { t } from '../i18n/catalogue';
import { Card, actionRef, card, field, finishCard, option, select } from '../model';
import { HazardCardEnv } from './hazardCardView';

/** Subject type of a chat draft in action refs and sent messages. */
export const DRAFT_SUBJECT_TYPE = 'hazard_draft';

/** A report draft as the reporter sees it (one per person, kept for settings.hazardDraftMinutes). */
export interface HazardDraftView {
  draftId: string;
  description: string | null;
  photoCount: number;
  /** Areas to choose from, the located one first; the presenter keeps at most 10 (WeCom's select limit). */
  areas: Array<{ key: string; name: string }>;
  /** Pre-selected area (from the reporter's location), if any. */
  selectedAreaKey: string | null;
  /** Categories to choose from, suggestions first (label = path, e.g. '电气安全/配电箱未上锁'). */
  categories: Array<{ key: string; label: string }>;
  selectedCategoryKey: string | null;
  /** What became of the draft; anything but 'open' shows a status line instead of the selects. */
  outcome: { kind: 'open' } | { kind: 'submitted'; code: string } | { kind: 'expired' } | { kind: 'cancelled' };
}

const MAX_OPTIONS = 10;

function cut<T extends { key: string }>(list: T[], keep: string | null): T[] {
  const first = list.slice(0, MAX_OPTIONS);
  if (!keep || first.some((x) => x.key === keep)) return first;
  const kept = list.find((x) => x.key === keep);
  return kept ? [kept, ...first.slice(0, MAX_OPTIONS - 1)] : first;
}

/**
 * The draft card: what was received, the area (pre-selected from GPS when known) and the category
 * (suggested from the text). Both selects share the submit action; the renderers add the submit button.
 */
export function presentHazardDraftCard(d: HazardDraftView, env: HazardCardEnv): Card {
  const L = env.locale;
  const ref = actionRef(ACTIONS.hazard_draft_submit, DRAFT_SUBJECT_TYPE, d.draftId, env.cardVersion);
  const areas = cut(d.areas, d.selectedAreaKey);
  const categories = cut(d.categories, d.selectedCategoryKey);
  const selectedArea = areas.some((a) => a.key === d.selectedAreaKey) ? [d.selectedAreaKey as string] : [];
  const selectedCategory = categories.some((c) => c.key === d.selectedCategoryKey) ? [d.selectedCategoryKey as string] : [];
  const base = card('hazard.draft', t(L, 'hazards.draft.title'), {
    locale: L,
    tone: 'info',
    fields: [
      field(t(L, 'hazards.card.field.description'), d.description ?? '-'),
      field(t(L, 'hazards.draft.photos'), String(d.photoCount)),
    ],
    text: t(L, d.selectedAreaKey ? 'hazards.draft.hint_located' : 'hazards.draft.hint'),
    selects:
      areas.length > 0 && categories.length > 0
        ? [
            select('area', t(L, 'hazards.card.field.area'), areas.map((a) => option(a.key, a.name)), ref, { selectedIds: selectedArea }),
            select('category', t(L, 'hazards.card.field.category'), categories.map((c) => option(c.key, c.label)), ref, { selectedIds: selectedCategory }),
          ]
        : [],
    footer: t(L, 'hazards.draft.footer'),
  });
  const o = d.outcome;
  if (o.kind === 'submitted') return finishCard(base, t(L, 'hazards.draft.submitted', { code: o.code }));
  if (o.kind === 'expired') return finishCard(base, t(L, 'hazards.draft.expired'));
  if (o.kind === 'cancelled') return finishCard(base, t(L, 'hazards.draft.cancelled'));
  return base;
}
