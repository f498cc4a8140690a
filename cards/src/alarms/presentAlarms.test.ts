import { decodeActionRef } from '../actionRef';
import { renderDingtalkCardData } from '../render/dingtalkCardData';
import { renderDingtalkMarkdown } from '../render/dingtalkRobot';
import { renderSandbox } from '../render/sandbox';
import { renderWecomMarkdown } from '../render/wecomMarkdown';
import { renderWecomTemplateCard } from '../render/wecomTemplateCard';
import { validateCard, validateNotice } from '../validateCard';
import { formatDuration, formatValue, withUnit } from './alarmFormat';
import { AlarmView } from './alarmViews';
import { presentAlarmCard } from './presentAlarmCard';
import { presentAlarmDigestCard } from './presentAlarmDigestCard';
import { presentAlarmNotice, presentSensorNotice } from './presentAlarmNotice';
import { presentEvacuationCard } from './presentEvacuationCard';
import { presentWeatherNotice } from './presentWeatherNotice';

const now = new Date('2026-11-24T00:05:00Z');
const o = { locale: 'zh-CN', timezone: 'Asia/Shanghai', now };
const ID = '0b6c2a8e-5b7d-4c1e-9f3a-2d4e6f8a0b1c';

function alarm(over: Partial<AlarmView> = {}): AlarmView {
  return {
    id: ID, code: 'BJ-20261124-0001', label: 'R-101 温度', tagId: 'R-101.TI', uom: '℃', areaName: '合成车间', unitName: '合成一单元',
    severity: 'high', ruleKind: 'deviation', setpoint: 80, deviation: 5, sustainSeconds: 120, triggerValue: 85.43, peakValue: 88.1,
    limitValue: 85, condition: 'active', raisedAt: new Date('2026-11-24T00:02:00Z'), clearedAt: null, ackedAt: null, ackedBy: null,
    closedAt: null, heldPermits: 2, trendFileId: '7d1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b', escalationLevel: 0, ...over,
  };
}

describe('formatting', () => {
  it.each([[85.4321, '85.43'], [0.000123456, '0.0001235'], [1200, '1200'], [NaN, '—']])('%p → %p', (v, s) => expect(formatValue(v)).toBe(s));
  it('glues ℃ and % but spaces other units', () => {
    expect([withUnit(85, '℃'), withUnit(30, '%LEL'), withUnit(0.62, 'MPa'), withUnit(3, null)]).toEqual(['85℃', '30%LEL', '0.62 MPa', '3']);
  });
  it.each([[5_000, '5秒'], [135_000, '2分15秒'], [3_900_000, '1小时5分']])('%p ms → %p', (ms, s) => expect(formatDuration(ms, 'zh-CN')).toBe(s));
});

describe('alarm card', () => {
  it('shows value, limit, duration, place, trend and an acknowledge button', () => {
    const c = presentAlarmCard(alarm(), { ...o, canAck: true, cardVersion: 1 });
    expect(validateCard(c)).toEqual([]);
    expect(c.title).toBe('【高】R-101 温度 报警');
    expect(c.fields.map((f) => `${f.label}=${f.value}`)).toEqual([
      '触发值=85.43℃', '限值=85℃', '持续=3分0秒', '峰值=88.1℃', '位置=合成车间 / 合成一单元', '报警时间=2026-11-24 08:02:00',
      '状态=报警中，待确认', '作业票=2 张已暂停，禁止新申请',
    ]);
    expect(c.text).toContain('R-101 温度 偏离设定值：85.43℃（设定 80℃，允许偏差 5℃）');
    expect(c.image?.fileId).toBe('7d1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b');
    expect(decodeActionRef(c.buttons[0].action ? renderSandboxAction(c) : '')).toMatchObject({ action: 'alarm_ack', subjectType: 'alarm', subjectId: ID });
  });

  it('has no button for a viewer without alarm.ack, and a status once acknowledged', () => {
    expect(presentAlarmCard(alarm(), { ...o, canAck: false, cardVersion: 1 }).buttons).toEqual([]);
    const acked = presentAlarmCard(alarm({ ackedAt: new Date('2026-11-24T00:04:00Z'), ackedBy: '李强' }), { ...o, canAck: true, cardVersion: 2 });
    expect(acked.status).toBe('已确认 · 李强 11-24 08:04');
    expect(acked.buttons).toEqual([]);
  });

  it('speaks English to English readers', () => {
    const c = presentAlarmCard(alarm({ condition: 'cleared', clearedAt: new Date('2026-11-24T00:03:30Z') }), { ...o, locale: 'en', canAck: true, cardVersion: 1 });
    expect(c.title).toBe('[High] R-101 温度 alarm');
    expect(c.fields.find((f) => f.label === 'Duration')?.value).toBe('1 min 30 s');
    expect(c.fields.find((f) => f.label === 'State')?.value).toBe('Back to normal, not acknowledged');
    expect(c.tone).toBe('info');
  });
});

function renderSandboxAction(c: ReturnType<typeof presentAlarmCard>): string {
  const out = renderSandbox(c);
  if (out.type !== 'card') throw new Error('expected a card');
  return out.buttons[0].action ?? '';
}

const cards = {
  alarm: () => presentAlarmCard(alarm(), { ...o, canAck: true, cardVersion: 1 }),
  escalation: () => presentAlarmCard(alarm({ escalationLevel: 1 }), { ...o, canAck: true, cardVersion: 1, kind: 'alarm.escalation' }),
  digest: () =>
    presentAlarmDigestCard(
      { alarms: [alarm({ severity: 'medium', label: 'V-301 液位' }), alarm({ severity: 'critical', label: 'GT-301 可燃气体', uom: '%LEL', ackedAt: now })], from: new Date('2026-11-24T00:03:00Z'), to: now },
      o,
    ),
  evacuation: () => presentEvacuationCard({ cause: 'weather', causeText: '南京市气象台发布雷电黄色预警', evacuate: true, permitCode: 'DH-20261124-0003', place: '罐区', at: now }, o),
};
const notices = {
  raised: () => presentAlarmNotice(alarm(), 'raised', o),
  cleared: () => presentAlarmNotice(alarm({ condition: 'cleared', clearedAt: now }), 'cleared', o),
  sensor: () => presentSensorNotice({ label: 'GT-301', tagId: 'GT-301', areaName: '罐区', unitName: null, kind: 'fault', reason: 'not_a_number', at: now }, o),
  weather: () =>
    presentWeatherNotice(
      {
        identifier: 'W1', event: '雷电', level: 'yellow', sender: '南京市气象台', headline: null, beaufort: null, windSpeedMs: null, expiresAt: new Date('2026-11-24T06:00:00Z'),
        stopTypes: ['HOT', 'HGT'], raiseLevel: [], outdoorOnly: true, evacuate: true, heldPermits: 1, releasedReason: null,
      },
      o,
    ),
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

describe.each(Object.entries(notices))('%s notice', (_name, make) => {
  it('is valid and matches its snapshot on every platform', () => {
    const n = make();
    expect(validateNotice(n)).toEqual([]);
    expect(renderSandbox(n)).toMatchSnapshot('sandbox');
    expect(renderWecomMarkdown(n)).toMatchSnapshot('wecom');
    expect(renderDingtalkMarkdown(n)).toMatchSnapshot('dingtalk');
  });
});

it('digest lists the most severe first and counts the acknowledged', () => {
  const d = cards.digest();
  expect(d.fields[0].label).toBe('紧急 GT-301 可燃气体');
  expect(d.fields[0].value).toContain('已确认');
  expect(d.title).toBe('报警汇总：2 条新报警');
});

it('weather notice lists stops, evacuation and held permits; its end says so', () => {
  const n = notices.weather();
  expect(n.markdown).toContain('暂停作业：动火作业、高处作业（仅限室外作业）');
  expect(n.markdown).toContain('室外人员立即撤离');
  const ended = presentWeatherNotice({ identifier: 'W1', event: '雷电', level: 'yellow', sender: '南京市气象台', headline: null, beaufort: null, windSpeedMs: null, expiresAt: null, stopTypes: [], raiseLevel: [], outdoorOnly: true, evacuate: false, heldPermits: 0, releasedReason: 'cancel' }, o);
  expect(ended.markdown).toBe('南京市气象台发布雷电黄色预警 已解除，相关作业限制取消。');
});
