import { decodeActionRef, encodeTaskId } from '../actionRef';
import { ACTIONS } from '../actions';
import { actionRef, card, field } from '../model';
import { InvalidCardError } from '../validateCard';
import * as samples from './sampleCards';
import { charCount, utf8Bytes } from './truncateText';
import { WECOM_LIMITS as L } from './wecomLimits';
import { WecomTemplateCard, fitFields, renderWecomTemplateCard, wecomCardType } from './wecomTemplateCard';

const taskId = encodeTaskId(actionRef(ACTIONS.hazard_accept, 'hazard', samples.HAZARD_ID, 3), 'n1');
const opts = { taskId, defaultUrl: 'https://anquan.example.com/h5' };
const IMAGE_URL = 'https://wework.qpic.cn/wwpic/123456_abc/0';

/** Every text and list limit of WECOM_LIMITS, checked on a rendered card. */
function expectWithinLimits(c: WecomTemplateCard): void {
  expect(charCount(c.main_title.title)).toBeLessThanOrEqual(L.titleChars);
  expect(charCount(c.main_title.desc ?? '')).toBeLessThanOrEqual(L.descChars);
  expect(charCount(c.sub_title_text ?? '')).toBeLessThanOrEqual(L.subTitleChars);
  expect(charCount(c.source?.desc ?? '')).toBeLessThanOrEqual(L.sourceDescChars);
  expect(charCount(c.quote_area?.quote_text ?? '')).toBeLessThanOrEqual(L.quoteTextChars);
  expect(c.horizontal_content_list?.length ?? 0).toBeLessThanOrEqual(L.horizontalItems);
  for (const h of c.horizontal_content_list ?? []) {
    expect(charCount(h.keyname)).toBeLessThanOrEqual(L.keynameChars);
    expect(charCount(h.value)).toBeLessThanOrEqual(L.valueChars);
  }
  expect(c.jump_list?.length ?? 0).toBeLessThanOrEqual(L.jumpItems);
  for (const j of c.jump_list ?? []) expect(charCount(j.title)).toBeLessThanOrEqual(L.jumpTitleChars);
  expect(c.button_list?.length ?? 0).toBeLessThanOrEqual(L.buttons);
  for (const b of c.button_list ?? []) {
    expect(charCount(b.text)).toBeLessThanOrEqual(L.buttonTextChars);
    if (b.type === 0) expect(utf8Bytes(b.key ?? '')).toBeLessThanOrEqual(L.keyBytes);
  }
  const selections = [...(c.select_list ?? []), ...(c.button_selection ? [c.button_selection] : [])];
  expect(c.select_list?.length ?? 0).toBeLessThanOrEqual(L.selects);
  for (const s of selections) {
    expect(utf8Bytes(s.question_key)).toBeLessThanOrEqual(L.keyBytes);
    expect(charCount(s.title)).toBeLessThanOrEqual(L.selectTitleChars);
    expect(s.option_list.length).toBeGreaterThanOrEqual(1);
    expect(s.option_list.length).toBeLessThanOrEqual(L.selectOptions);
    for (const o of s.option_list) {
      expect(utf8Bytes(o.id)).toBeLessThanOrEqual(L.optionIdBytes);
      expect(charCount(o.text)).toBeLessThanOrEqual(L.optionTextChars);
    }
  }
  if (c.checkbox) {
    expect(c.checkbox.option_list.length).toBeLessThanOrEqual(L.checkboxOptions);
    for (const o of c.checkbox.option_list) expect(charCount(o.text)).toBeLessThanOrEqual(L.checkboxTextChars);
  }
  if (c.submit_button) expect(utf8Bytes(c.submit_button.key)).toBeLessThanOrEqual(L.keyBytes);
  expect(c.task_id).toMatch(/^[0-9A-Za-z_\-@]{1,128}$/);
  // text_notice and news_notice need card_action (error 42045).
  if (c.card_type === 'text_notice' || c.card_type === 'news_notice') expect(c.card_action?.url).toMatch(/^https:\/\//);
}

describe('renderWecomTemplateCard', () => {
  it.each([
    ['hazardAssignmentCard', 'button_interaction'],
    ['permitApprovalCard', 'button_interaction'],
    ['draftAreaCard', 'button_interaction'],
    ['draftAreaCategoryCard', 'multiple_interaction'],
    ['checklistCard', 'vote_interaction'],
    ['gradeCard', 'button_interaction'],
    ['finishedHazardCard', 'text_notice'],
  ] as const)('%s renders as %s within every limit (snapshot)', (name, type) => {
    const out = renderWecomTemplateCard(samples[name](), opts);
    expect(out.card_type).toBe(type);
    expectWithinLimits(out);
    expect(out).toMatchSnapshot();
  });

  it('renders a finished card with an image url as news_notice', () => {
    const out = renderWecomTemplateCard(samples.finishedHazardCard(), { ...opts, imageUrl: IMAGE_URL });
    expect(out.card_type).toBe('news_notice');
    expect(out.card_image).toEqual({ url: IMAGE_URL });
    expect(out.quote_area?.quote_text.startsWith('已接受 · 李四 10:32')).toBe(true);
    expect(out.sub_title_text).toBeUndefined();
    expectWithinLimits(out);
    expect(out).toMatchSnapshot();
  });

  it('renders a card without actions as text_notice, falling back to defaultUrl for card_action', () => {
    const out = renderWecomTemplateCard(card('alarm.notice', '报警已恢复', { fields: [field('位号', 'TI-203')] }), opts);
    expect(out.card_type).toBe('text_notice');
    expect(out.card_action).toEqual({ type: 1, url: opts.defaultUrl });
    expect(out.source).toBeUndefined();
  });

  it('puts encoded refs in keys, a submit button for a lone select, and the tone in source', () => {
    const out = renderWecomTemplateCard(samples.hazardAssignmentCard(), opts);
    expect(out.button_list?.map((b) => decodeActionRef(b.key)?.action)).toEqual(['hazard_accept', 'hazard_rectified', 'hazard_delegate']);
    expect(out.button_list?.[0].style).toBe(1);
    expect(out.source).toEqual({ desc: '注意', desc_color: 2 });
    const draft = renderWecomTemplateCard(samples.draftAreaCard(), opts);
    expect(draft.button_selection?.selected_id).toBe('pump_room');
    expect(draft.button_list).toEqual([{ type: 0, text: '提交', style: 1, key: expect.any(String) }]);
    expect(decodeActionRef(draft.button_list?.[0].key)?.action).toBe('hazard_draft_area');
    const grade = renderWecomTemplateCard(samples.gradeCard(), opts);
    expect(grade.button_list?.map((b) => b.text)).toEqual(['确定', '转交他人']);
  });

  it('cuts long text with an ellipsis and squeezes facts into main_title.desc for select cards', () => {
    const out = renderWecomTemplateCard(samples.hazardAssignmentCard(), opts);
    expect(out.main_title.title).toBe('隐患整改任务 YH-20261124-0001：二号罐区 T-203…');
    expect(out.horizontal_content_list?.[3].keyname).toBe('整改负责…');
    const multi = renderWecomTemplateCard(samples.draftAreaCategoryCard(), opts);
    expect(multi.main_title.desc).toBe('草稿 d-20261124-0001 · 描述：呼吸阀锈死');
    expect(decodeActionRef(multi.submit_button?.key)?.action).toBe('hazard_draft_submit');
  });

  it('refuses a bad task_id and an invalid card', () => {
    expect(() => renderWecomTemplateCard(samples.hazardAssignmentCard(), { ...opts, taskId: 'has space' })).toThrow('task_id');
    expect(() => renderWecomTemplateCard(samples.hazardAssignmentCard(), { ...opts, taskId: 'x'.repeat(129) })).toThrow('task_id');
    expect(() => renderWecomTemplateCard(card('a.b', ''), opts)).toThrow(InvalidCardError);
  });

  it('chooses the card type from the structure', () => {
    expect(wecomCardType(samples.hazardAssignmentCard())).toBe('button_interaction');
    expect(wecomCardType(samples.finishedHazardCard())).toBe('text_notice');
    expect(wecomCardType(samples.finishedHazardCard(), IMAGE_URL)).toBe('news_notice');
  });
});

describe('fitFields', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => field(`项${i + 1}`, `值${i + 1}`));

  it('keeps up to 6 rows as they are', () => {
    expect(fitFields(rows(6), '更多')).toHaveLength(6);
  });

  it('merges rows beyond 6 into a 6th "more" row', () => {
    const out = fitFields(rows(9), '更多');
    expect(out).toHaveLength(6);
    expect(out[4]).toEqual({ keyname: '项5', value: '值5' });
    expect(out[5]).toEqual({ keyname: '更多', value: '项6：值6；项7：值7；项8：值8；项9：值9' });
  });
});

describe('renderWecomTemplateCard with over-long content', () => {
  const long = (n: number, unit = '隐') => unit.repeat(n);
  const ref = (a: Parameters<typeof actionRef>[0], v = 1) => actionRef(a, 'hazard', samples.HAZARD_ID, v);
  const options = Array.from({ length: 10 }, (_, i) => ({ id: `opt_${i}`, label: long(40, '选') }));
  const stuffed = card('hazard.stress', long(64), {
    subtitle: long(200),
    tone: 'danger',
    fields: Array.from({ length: 12 }, (_, i) => field(long(20, String(i)), long(100))),
    text: `**${long(1000)}**\n${long(990)}`,
    link: { label: long(50), url: 'https://anquan.example.com/h5/x' },
    footer: long(100),
  });

  it.each([
    ['buttons', { buttons: [1, 2, 3, 4, 5].map((v) => ({ label: long(30), style: 'default' as const, action: ref(ACTIONS.noop, v) })) }],
    ['one select', { selects: [{ id: 'area', label: long(30), options, selectedIds: [], multiple: false, action: ref(ACTIONS.hazard_draft_area) }] }],
    [
      'three selects',
      { selects: ['a', 'b', 'c'].map((id) => ({ id, label: long(30), options, selectedIds: [], multiple: false, action: ref(ACTIONS.hazard_draft_area) })) },
    ],
    ['multiple select', { selects: [{ id: 'checks', label: long(30), options, selectedIds: ['opt_1'], multiple: true, action: ref(ACTIONS.noop) }] }],
    ['nothing', {}],
    ['finished', { status: long(300) }],
  ])('stays within every limit with %s', (_name, parts) => {
    const c = { ...stuffed, ...parts };
    expectWithinLimits(renderWecomTemplateCard(c, opts));
    expectWithinLimits(renderWecomTemplateCard(c, { ...opts, imageUrl: IMAGE_URL }));
  });

  it('keeps the 6-row limit by merging and marks cut text', () => {
    const out = renderWecomTemplateCard(stuffed, opts);
    expect(out.horizontal_content_list).toHaveLength(6);
    expect(out.horizontal_content_list?.[5].keyname).toBe('更多');
    expect(out.sub_title_text?.endsWith('…')).toBe(true);
    expect(out.source).toEqual({ desc: '紧急', desc_color: 2 });
  });
});
