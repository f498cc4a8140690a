import { t } from '../i18n/catalogue';
import { Notice, notice } from '../model';
import { HazardCardEnv, HazardCardView, formatPlantTime } from './hazardCardView';

/** The group notice of one escalation step: overdue since, who holds it, who was told. */
export function presentHazardEscalationNotice(v: HazardCardView, env: HazardCardEnv, opts: { targetName: string | null }): Notice {
  const L = env.locale;
  const lines = [
    `**${v.description}**`,
    `- ${t(L, 'hazards.card.field.area')}：${v.areaName}`,
    `- ${t(L, 'hazards.card.field.assignee')}：${v.delegateName ?? v.assigneeName ?? t(L, 'hazards.card.unassigned')}`,
    `- ${t(L, 'hazards.card.field.deadline')}：${formatPlantTime(v.deadline, env.timezone)}（${t(L, 'hazards.card.overdue')}）`,
  ];
  if (opts.targetName) lines.push(`- ${t(L, 'hazards.notice.escalated_to')}：${opts.targetName}`);
  return notice(t(L, 'hazards.card.escalation.title', { code: v.code, level: v.escalationLevel }), lines.join('\n'), { kind: 'hazard.escalation', locale: L });
}
