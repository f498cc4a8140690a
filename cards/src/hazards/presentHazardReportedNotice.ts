import { t } from '../i18n/catalogue';
import { Notice, notice } from '../model';
import { HazardCardEnv, HazardCardView, beforeImage, formatPlantTime } from './hazardCardView';

/** The group notice of a new report: what, where, who fixes it by when. */
export function presentHazardReportedNotice(v: HazardCardView, env: HazardCardEnv): Notice {
  const L = env.locale;
  const lines = [
    `**${v.description}**`,
    `- ${t(L, 'hazards.card.field.grade')}：${t(L, `hazards.grade.${v.grade}`)}`,
    `- ${t(L, 'hazards.card.field.area')}：${v.areaName}${v.equipmentTag ? ` · ${v.equipmentTag}` : ''}`,
    `- ${t(L, 'hazards.card.field.category')}：${v.categoryPath.join(' / ')}`,
    `- ${t(L, 'hazards.card.field.reporter')}：${v.reporterName} · ${formatPlantTime(v.reportedAt, env.timezone)}`,
    `- ${t(L, 'hazards.card.field.assignee')}：${v.assigneeName ?? t(L, 'hazards.card.unassigned')}`,
    `- ${t(L, 'hazards.card.field.deadline')}：${formatPlantTime(v.deadline, env.timezone)}`,
  ];
  if (v.recurrenceOfCode) lines.push(`> ${t(L, 'hazards.notice.recurring', { code: v.recurrenceOfCode })}`);
  return notice(t(L, 'hazards.notice.reported.title', { code: v.code }), lines.join('\n'), { kind: 'hazard.reported', locale: L, image: beforeImage(v, L) });
}
