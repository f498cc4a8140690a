import { decodeActionRef } from '../actionRef';
import { renderDingtalkCardData } from '../render/dingtalkCardData';
import { renderSandbox } from '../render/sandbox';
import { renderWecomTemplateCard } from '../render/wecomTemplateCard';
import { validateCard } from '../validateCard';
import type { PermitCardView } from './permitCardView';
import { presentPermitApprovalCard } from './presentPermitApprovalCard';
import { presentPermitCheckInCard } from './presentPermitCheckInCard';
import { presentPermitClosedCard } from './presentPermitClosedCard';
import { presentPermitExpiryCard } from './presentPermitExpiryCard';
import { presentPermitInterruptionCard } from './presentPermitInterruptionCard';
import { presentPermitShiftCheckCard } from './presentPermitShiftCheckCard';
import { presentPermitStepResultCard } from './presentPermitStepResultCard';
import { presentPermitSuspensionCard } from './presentPermitSuspensionCard';

const ID = '5f0c9a3e-1b2d-4c6e-8f9a-0b1c2d3e4f5a';
const view = (over: Partial<PermitCardView> = {}): PermitCardView => ({
  id: ID, code: 'ZY-20270309-0001', type: 'HOT', level: 'L2', status: 'approving', areaName: '污水处理站', site: '生化池东侧管道支架',
  windowFrom: '2027-03-09 10:00', windowTo: '2027-03-09 14:00', content: '更换进水管道支架，电焊作业', applicantName: '李强',
  guardianNames: ['徐林'], performerNames: ['张伟'], ...over,
});
const approval = { locale: 'zh-CN', cardVersion: 1, stepName: '车间主任审批', stage: 'awaiting' as const, onsiteUrl: `https://anquan.example.com/m/permits/${ID}/approve`, remoteAllowed: true };

const cards = {
  approval: () => presentPermitApprovalCard(view(), approval),
  approvalOnsiteOnly: () => presentPermitApprovalCard(view({ level: 'L1' }), { ...approval, remoteAllowed: false }),
  approvalSigned: () => presentPermitApprovalCard(view(), { ...approval, stage: 'signed', signedMode: 'onsite', signedAt: '2027-03-09 10:05' }),
  stepSigned: () => presentPermitStepResultCard(view(), { locale: 'zh-CN', cardVersion: 1, event: 'step_signed', params: { name: '赵磊', mode: '现场', step: '安全管理部门审核' } }),
  rejected: () => presentPermitStepResultCard(view({ status: 'rejected' }), { locale: 'zh-CN', cardVersion: 1, event: 'rejected', params: { reason: '动火点周边可燃物未清理' } }),
  checkIn: () => presentPermitCheckInCard(view({ status: 'approved' }), { locale: 'zh-CN', qrFileId: '7d1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b', checkInUrl: `https://anquan.example.com/m/permits/${ID}/check-in?t=abc.def`, open: true }),
  shiftCheck: () => presentPermitShiftCheckCard(view({ status: 'approved' }), { locale: 'zh-CN', cardVersion: 1, done: null, open: true }),
  interrupted: () => presentPermitInterruptionCard(view({ status: 'interrupted' }), { locale: 'zh-CN', cardVersion: 1, event: 'interrupted', reason: '午休', retestAfterMin: 60 }),
  gasAlert: () => presentPermitInterruptionCard(view({ status: 'interrupted' }), { locale: 'zh-CN', cardVersion: 1, event: 'gas_alert', retestAfterMin: 60, failures: ['可燃气体浓度 0.6%（体积分数）超过限值 0.5%。'] }),
  expiry: () => presentPermitExpiryCard(view({ status: 'active' }), { locale: 'zh-CN', cardVersion: 1, minutesLeft: 60 }),
  suspension: () => presentPermitSuspensionCard(view({ status: 'suspended' }), { locale: 'zh-CN', cardVersion: 1, event: 'placed', reason: '可燃气体报警 GT-301', source: 'alarm', holdsLeft: 1, gasRetest: true }),
  closed: () => presentPermitClosedCard(view({ status: 'closed' }), { locale: 'zh-CN', compliance: { rate: 0.875, executed: 7, required: 8, missed: ['中断后重新分析'] }, acceptedBy: '王芳', closedAt: '2027-03-09 13:30', pdfUrl: `https://anquan.example.com/api/permits/${ID}/pdf` }),
};

describe.each(Object.entries(cards))('%s card', (_name, make) => {
  it('is valid and matches its snapshot on every platform', () => {
    const c = make();
    expect(validateCard(c)).toEqual([]);
    expect(renderSandbox(c)).toMatchSnapshot('sandbox');
    expect(renderWecomTemplateCard(c, { taskId: 'task_1', defaultUrl: 'https://anquan.example.com/h5' })).toMatchSnapshot('wecom');
    expect(renderDingtalkCardData(c)).toMatchSnapshot('dingtalk');
  });
});

describe('approval card', () => {
  it('opens the on-site page by default and offers remote approval only where the plant allows it', () => {
    const remote = cards.approval();
    expect(remote.buttons.map((b) => b.label)).toEqual(['到现场审批', '远程批准', '驳回']);
    expect(remote.buttons[0].url).toBe(`https://anquan.example.com/m/permits/${ID}/approve`);
    expect(decodeActionRef(renderSandboxButton(remote, 1))).toMatchObject({ action: 'permit_approve', subjectType: 'permit', subjectId: ID });
    expect(decodeActionRef(renderSandboxButton(remote, 2))).toMatchObject({ action: 'permit_reject' });
    expect(cards.approvalOnsiteOnly().buttons.map((b) => b.label)).toEqual(['到现场审批', '驳回']);
  });

  it('shows how the viewer signed instead of buttons once signed', () => {
    const c = cards.approvalSigned();
    expect(c.status).toBe('已现场签字 · 2027-03-09 10:05');
  });

  it('speaks English to English readers', () => {
    const c = presentPermitApprovalCard(view(), { ...approval, locale: 'en' });
    expect(c.title).toBe('Permit approval: Grade 2 hot work');
    expect(c.buttons.map((b) => b.label)).toEqual(['Approve on site', 'Approve remotely', 'Reject']);
  });
});

it('closed card states the compliance rate and the missed nodes, with the PDF link', () => {
  const c = cards.closed();
  expect(c.text).toContain('过程合规率 87.5%（7/8 个必经环节）');
  expect(c.text).toContain('- 中断后重新分析');
  expect(c.link?.url).toMatch(/\/pdf$/);
});

it('check-in card carries the QR image and the check-in link while check-in is possible', () => {
  const c = cards.checkIn();
  expect(c.image?.fileId).toBe('7d1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b');
  expect(c.buttons[0].url).toContain('/check-in?t=');
  const done = presentPermitCheckInCard(view({ status: 'active' }), { locale: 'zh-CN', qrFileId: null, checkInUrl: null, open: false });
  expect(done.status).toBe('当前状态：作业中');
  expect(done.link).toBeUndefined();
  // A confined space under way: the guardian's card opens the entry log (6.8 c).
  const cse = presentPermitCheckInCard(view({ status: 'active' }), { locale: 'zh-CN', qrFileId: null, checkInUrl: null, open: false, entryLogUrl: `https://anquan.example.com/m/permits/${ID}/entries` });
  expect(cse.link).toEqual({ label: '进出登记（人员、工具）', url: `https://anquan.example.com/m/permits/${ID}/entries` });
  expect(renderSandbox(cse)).toMatchObject({ type: 'card', link: { url: `https://anquan.example.com/m/permits/${ID}/entries` } });
});

function renderSandboxButton(c: ReturnType<typeof presentPermitApprovalCard>, i: number): string {
  const out = renderSandbox(c);
  if (out.type !== 'card') throw new Error('expected a card');
  return out.buttons[i].action ?? '';
}
