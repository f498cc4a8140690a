import { ACTIONS } from '../actions';
import { t } from '../i18n/catalogue';
import { Locale } from '../i18n/messageTypes';
import { actionRef, button, Card, card, field, finishCard, linkButton } from '../model';
import { PermitCardView, permitFields, permitSubtitle } from './permitCardView';
import { levelLabel, statusLabel } from './permitLabels';

/** Inputs of the approval request card besides the permit. */
export interface PermitApprovalCardOptions {
  locale: string;
  cardVersion: number;
  /** Name of the step awaiting the viewer (e.g. 安全管理部门审核). */
  stepName: string;
  /** 'awaiting': the viewer may sign now; 'signed': the viewer signed; 'moved_on': the step or permit went on without them. */
  stage: 'awaiting' | 'signed' | 'moved_on';
  signedAt?: string;
  signedMode?: 'onsite' | 'remote';
  /** The H5 page that checks the approver's position before the signature counts (GB 30871 4.11). */
  onsiteUrl: string;
  /** The plant allows remote approval for this type and level (a logged loosening of 4.11 a). */
  remoteAllowed: boolean;
}

/**
 * Approval request for one step: on-site approval opens the H5 page by default; a remote approve
 * button appears only where the plant's policy allows it; reject asks the reason in chat. Once the
 * viewer signed, or the permit moved on, the buttons give way to a status line.
 */
export function presentPermitApprovalCard(v: PermitCardView, o: PermitApprovalCardOptions): Card {
  const { locale } = o;
  const c = card('permit.approval', t(locale, 'permits.card.approval.title', { level: levelLabel(locale, v.type, v.level) }), {
    locale: locale as Locale,
    subtitle: permitSubtitle(v, locale),
    tone: 'warning',
    fields: permitFields(v, locale, [
      field(t(locale, 'permits.card.field.applicant'), v.applicantName),
      field(t(locale, 'permits.card.field.guardian'), v.guardianNames.join('、') || '—'),
      field(t(locale, 'permits.card.field.step'), o.stepName),
    ]),
    text: t(locale, o.remoteAllowed ? 'permits.card.approval.text_remote' : 'permits.card.approval.text'),
  });
  if (o.stage === 'signed') {
    return finishCard(c, t(locale, 'permits.card.status.signed', { mode: t(locale, `permits.mode.${o.signedMode ?? 'onsite'}`), at: o.signedAt ?? '' }));
  }
  if (o.stage === 'moved_on') return finishCard(c, t(locale, 'permits.card.status.now', { status: statusLabel(locale, v.status) }));
  c.buttons.push(linkButton(t(locale, 'permits.card.btn.approve_onsite'), o.onsiteUrl, 'primary'));
  if (o.remoteAllowed) c.buttons.push(button(t(locale, 'permits.card.btn.approve_remote'), actionRef(ACTIONS.permit_approve, 'permit', v.id, o.cardVersion), 'default'));
  c.buttons.push(button(t(locale, 'permits.card.btn.reject'), actionRef(ACTIONS.permit_reject, 'permit', v.id, o.cardVersion), 'danger'));
  return c;
}
