import { t } from '../i18n/catalogue';
import { Notice, notice } from '../model';
import { HazardCardEnv, HazardCardView, afterImage, formatPlantTime } from './hazardCardView';

/** The group notice of a closure: what was fixed, by whom, verified by whom. */
export function presentHazardClosedNotice(v: HazardCardView, env: HazardCardEnv): Notice {
  const L = env.locale;
  const lines = [
    `**${v.description}**`,
    `- ${t(L, 'hazards.card.field.area')}：${v.areaName}`,
    `- ${t(L, 'hazards.card.field.assignee')}：${v.assigneeName ?? '-'}`,
    `- ${t(L, 'hazards.card.field.verified_by')}：${v.verifiedByName ?? '-'}${v.closedAt ? ` · ${formatPlantTime(v.closedAt, env.timezone)}` : ''}`,
  ];
  return notice(t(L, 'hazards.card.closed.title', { code: v.code }), lines.join('\n'), { kind: 'hazard.closed', locale: L, image: afterImage(v, L) });
}
