import { encodeTaskId } from '../actionRef';
import { Card, Notice, callbackButtons, isFinished } from '../model';
import { renderDingtalkCardData, renderDingtalkMarkdown } from '../render/dingtalk';
import { renderSandbox } from '../render/sandbox';
import { renderWecomMarkdown, renderWecomTemplateCard } from '../render/wecom';
import { validateCard } from '../validateCard';
import {
  HAZARD_UPDATE_KINDS,
  HazardCardEnv,
  HazardCardView,
  presentHazardAssignmentCard,
  presentHazardClosedCard,
  presentHazardClosedNotice,
  presentHazardDelegatePickCard,
  presentHazardDraftCard,
  presentHazardEscalationCard,
  presentHazardEscalationNotice,
  presentHazardReinspectionCard,
  presentHazardReminderCard,
  presentHazardReportedNotice,
  presentHazardReturnedCard,
  presentHazardTriageCard,
  presentHazardUpdateCard,
  presentHazardVerificationCard,
} from './index';

const view: HazardCardView = {
  id: '3f2b9c1e-8d4a-4b6f-9e21-7a5c0d9e4b13',
  code: 'YH-20261124-0001',
  status: 'assigned',
  grade: 'general',
  description: '3号配电箱未上锁，箱门半开，旁边有积水',
  areaName: '合成车间',
  categoryPath: ['电气安全', '配电箱', '配电箱未上锁'],
  equipmentTag: null,
  reporterName: '张伟',
  assigneeName: '周杰',
  delegateName: null,
  reportedAt: new Date('2026-11-24T01:12:00Z'),
  deadline: new Date('2026-11-27T01:12:00Z'),
  closedAt: null,
  escalationLevel: 0,
  lastReason: null,
  returnedCount: 0,
  beforePhotoId: '5b0b8f7e-1c2d-4e3f-8a9b-0c1d2e3f4a5b',
  afterPhotoId: null,
  recurrenceOfCode: null,
  reinspectionOfCode: null,
  majorElementsMissing: [],
  verifiedByName: null,
  reinspectionOutcome: null,
};
const env: HazardCardEnv = { locale: 'zh-CN', timezone: 'Asia/Shanghai', cardVersion: 2, now: new Date('2026-11-24T02:00:00Z') };
const closed: HazardCardView = { ...view, status: 'closed', closedAt: new Date('2026-11-25T03:30:00Z'), verifiedByName: '赵磊', afterPhotoId: '6c1c9f8f-2d3e-4f40-9bac-1d2e3f4a5b6c' };
const all = { canStart: true, canRectify: true, canDelegate: true };
const none = { canStart: false, canRectify: false, canDelegate: false };

/** Every card the hazard loop sends, live and finished, plus the English variant of the task. */
const CARDS: Array<[string, () => Card]> = [
  ['draft (open, located)', () => presentHazardDraftCard({
    draftId: 'd1c7e2a4-5b6c-4d7e-8f90-a1b2c3d4e5f6', description: '3号配电箱未上锁', photoCount: 1,
    areas: [{ key: 'synthesis', name: '合成车间' }, { key: 'tank_farm', name: '罐区' }], selectedAreaKey: 'synthesis',
    categories: [{ key: 'elec_box_unlocked', label: '配电箱未上锁' }, { key: 'elec_box_no_sign', label: '配电箱无警示标识' }], selectedCategoryKey: 'elec_box_unlocked',
    outcome: { kind: 'open' },
  }, env)],
  ['draft (submitted)', () => presentHazardDraftCard({
    draftId: 'd1c7e2a4-5b6c-4d7e-8f90-a1b2c3d4e5f6', description: 'x', photoCount: 1, areas: [{ key: 'synthesis', name: '合成车间' }], selectedAreaKey: null,
    categories: [{ key: 'elec_box_unlocked', label: '配电箱未上锁' }], selectedCategoryKey: null, outcome: { kind: 'submitted', code: 'YH-20261124-0001' },
  }, env)],
  ['assignment (live)', () => presentHazardAssignmentCard(view, env, all)],
  ['assignment (major, elements missing, English)', () => presentHazardAssignmentCard({ ...view, grade: 'major', majorElementsMissing: ['funds', 'emergency_plan'] }, { ...env, locale: 'en' }, all)],
  ['assignment (finished)', () => presentHazardAssignmentCard(closed, env, none)],
  ['delegated (live)', () => presentHazardAssignmentCard({ ...view, status: 'rectifying', delegateName: '徐林' }, env, { canStart: false, canRectify: true, canDelegate: false }, 'hazard.delegated')],
  ['triage (live)', () => presentHazardTriageCard(view, env, { canGrade: true })],
  ['reminder (live)', () => presentHazardReminderCard({ ...view, status: 'rectifying' }, env, { canRectify: true })],
  ['escalation (overdue)', () => presentHazardEscalationCard({ ...view, escalationLevel: 2 }, { ...env, now: new Date('2026-11-29T00:00:00Z') }, { level: 2 })],
  ['verification (live)', () => presentHazardVerificationCard({ ...view, status: 'awaiting_verification', afterPhotoId: closed.afterPhotoId, returnedCount: 1 }, env, { canVerify: true })],
  ['verification (finished)', () => presentHazardVerificationCard(closed, env, { canVerify: false })],
  ['returned (live)', () => presentHazardReturnedCard({ ...view, status: 'rectifying', lastReason: '锁具不是防爆型', returnedCount: 1 }, env, { canRectify: true })],
  ['closed', () => presentHazardClosedCard(closed, env)],
  ['reinspection (live)', () => presentHazardReinspectionCard(closed, env, { canAnswer: true })],
  ['reinspection (answered)', () => presentHazardReinspectionCard({ ...closed, status: 'reinspected', reinspectionOutcome: 'ok' }, env, { canAnswer: false })],
  ['delegate picker', () => presentHazardDelegatePickCard(view, env, { candidates: [{ key: 'xulin', name: '徐林' }, { key: 'liqiang', name: '李强' }], currentDelegateKey: 'xulin', canDelegate: true })],
  ...HAZARD_UPDATE_KINDS.map((kind): [string, () => Card] => [kind, () => presentHazardUpdateCard(kind, { ...view, lastReason: '不属于隐患', escalationLevel: 1 }, env)]),
];

const NOTICES: Array<[string, () => Notice]> = [
  ['reported', () => presentHazardReportedNotice({ ...view, recurrenceOfCode: 'YH-20261101-0003' }, env)],
  ['escalation', () => presentHazardEscalationNotice({ ...view, escalationLevel: 1 }, env, { targetName: '李强' })],
  ['closed', () => presentHazardClosedNotice(closed, env)],
];

const taskId = (c: Card) => encodeTaskId(callbackButtons(c)[0]?.action ?? c.selects[0]?.action ?? { action: 'noop', subjectType: 'hazard', subjectId: view.id, cardVersion: 2 }, 'n1');

describe('hazard cards', () => {
  it.each(CARDS)('%s is a valid neutral card', (_name, make) => {
    expect(validateCard(make())).toEqual([]);
  });

  it.each(CARDS)('%s renders in the Sandbox (snapshot)', (_name, make) => {
    expect(renderSandbox(make())).toMatchSnapshot();
  });

  it.each(CARDS)('%s renders as a WeCom template card (snapshot)', (_name, make) => {
    const c = make();
    expect(renderWecomTemplateCard(c, { taskId: taskId(c), defaultUrl: 'https://anquan.example.com/h5', imageUrl: c.image ? 'https://wework.qpic.cn/wwpic/1/0' : undefined })).toMatchSnapshot();
  });

  it.each(CARDS)('%s renders as DingTalk card data (snapshot)', (_name, make) => {
    expect(renderDingtalkCardData(make(), { imageMediaId: '@lADPmedia' })).toMatchSnapshot();
  });

  it.each(NOTICES)('%s notice renders for the Sandbox, WeCom and DingTalk groups (snapshot)', (_name, make) => {
    const n = make();
    expect({ sandbox: renderSandbox(n), wecom: renderWecomMarkdown(n), dingtalk: renderDingtalkMarkdown(n) }).toMatchSnapshot();
  });

  it('shows buttons only to who may act, and a status line otherwise', () => {
    expect(presentHazardAssignmentCard(view, env, all).buttons.map((b) => b.label)).toEqual(['接受任务', '已整改', '转交代办']);
    const finished = presentHazardAssignmentCard(closed, env, none);
    expect(isFinished(finished)).toBe(true);
    expect(finished.status).toBe('已销号 · 2026-11-25 11:30');
    expect(presentHazardVerificationCard(closed, env, { canVerify: false }).status).toBe('已销号 · 2026-11-25 11:30 · 赵磊');
  });

  it('marks an overdue deadline and lists missing five elements', () => {
    const late = presentHazardEscalationCard(view, { ...env, now: new Date('2026-11-28T00:00:00Z') }, { level: 1 });
    expect(late.fields.find((f) => f.label === '整改期限')?.value).toBe('2026-11-27 09:12 (已逾期)');
    const major = presentHazardAssignmentCard({ ...view, grade: 'major', majorElementsMissing: ['measures', 'funds'] }, env, all);
    expect(major.text).toContain('整改措施、整改资金');
    expect(major.tone).toBe('danger');
  });

  it('keeps at most ten choices on the draft card, the located area included', () => {
    const areas = Array.from({ length: 14 }, (_, i) => ({ key: `a${i}`, name: `区域${i}` }));
    const c = presentHazardDraftCard({ draftId: 'd1', description: 'x', photoCount: 0, areas, selectedAreaKey: 'a13', categories: [{ key: 'c', label: 'c' }], selectedCategoryKey: null, outcome: { kind: 'open' } }, env);
    expect(c.selects[0].options).toHaveLength(10);
    expect(c.selects[0].selectedIds).toEqual(['a13']);
  });
});
