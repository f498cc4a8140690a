import { decodeActionRef, encodeActionRef } from '../actionRef';
import { ACTIONS } from '../actions';
import { actionRef, card } from '../model';
import { InvalidCardError } from '../validateCard';
import {
  DINGTALK_CARD_VARIABLES,
  decodeDingtalkCallbackParams,
  renderDingtalkCallbackResponse,
  renderDingtalkCardData,
  renderDingtalkCardUpdate,
} from './dingtalkCardData';
import * as samples from './sampleCards';

const documented = Object.keys(DINGTALK_CARD_VARIABLES).sort();

describe('renderDingtalkCardData', () => {
  it.each(['hazardAssignmentCard', 'permitApprovalCard', 'draftAreaCard', 'draftAreaCategoryCard', 'checklistCard', 'gradeCard', 'finishedHazardCard'] as const)(
    '%s: every value a string, every key documented (snapshot)',
    (name) => {
      const out = renderDingtalkCardData(samples[name](), { imageMediaId: '@lADPmedia' });
      const map = out.cardData.cardParamMap;
      expect(Object.keys(map).sort()).toEqual(documented);
      for (const value of Object.values(map)) expect(typeof value).toBe('string');
      expect(out).toMatchSnapshot();
    },
  );

  it('shows buttons to everyone when no actors are named', () => {
    const map = renderDingtalkCardData(samples.hazardAssignmentCard()).cardData.cardParamMap;
    expect(map.show_actions).toBe('true');
    expect(map.has_image).toBe('false');
    const buttons = JSON.parse(map.buttons) as Array<{ ref: string }>;
    expect(buttons.map((b) => decodeActionRef(b.ref)?.action)).toEqual(['hazard_accept', 'hazard_rectified', 'hazard_delegate']);
  });

  it('gives the buttons only to the actors through private data', () => {
    const out = renderDingtalkCardData(samples.hazardAssignmentCard(), { actorUserIds: ['lisi', 'wangwu'] });
    expect(out.cardData.cardParamMap).toMatchObject({ show_actions: 'false', buttons: '[]', status: '等待处理' });
    expect(Object.keys(out.privateData ?? {})).toEqual(['lisi', 'wangwu']);
    expect(out.privateData?.lisi.cardParamMap).toMatchObject({ show_actions: 'true', status: '' });
    expect(JSON.parse(out.privateData?.lisi.cardParamMap.buttons ?? '[]')).toHaveLength(3);
  });

  it('collapses public and private views once finished', () => {
    const out = renderDingtalkCardData(samples.finishedHazardCard(), { actorUserIds: ['lisi'] });
    expect(out.cardData.cardParamMap).toMatchObject({ finished: 'true', status: '已接受 · 李四 10:32', buttons: '[]', show_actions: 'false' });
    expect(out.privateData?.lisi.cardParamMap).toMatchObject({ finished: 'true', status: '已接受 · 李四 10:32', buttons: '[]' });
  });

  it('adds submit data for selects without buttons', () => {
    const map = renderDingtalkCardData(samples.draftAreaCard()).cardData.cardParamMap;
    expect(map.submit_label).toBe('提交');
    expect(decodeActionRef(map.submit_ref)?.action).toBe('hazard_draft_area');
    expect(renderDingtalkCardData(samples.gradeCard()).cardData.cardParamMap.submit_ref).toBe('');
  });

  it('refuses an invalid card', () => {
    expect(() => renderDingtalkCardData(card('a.b', ''))).toThrow(InvalidCardError);
  });
});

describe('renderDingtalkCardUpdate / renderDingtalkCallbackResponse', () => {
  it('updates by key', () => {
    const body = renderDingtalkCardUpdate(samples.finishedHazardCard(), 'hazard-123-v3', { actorUserIds: ['lisi'] });
    expect(body.outTrackId).toBe('hazard-123-v3');
    expect(body.cardUpdateOptions).toEqual({ updateCardDataByKey: true, updatePrivateDataByKey: true });
    expect(body.privateData?.lisi.cardParamMap.finished).toBe('true');
  });

  it("finishes the clicker's private view in the callback response", () => {
    const res = renderDingtalkCallbackResponse(samples.finishedHazardCard());
    expect(res.cardData.cardParamMap.status).toBe('已接受 · 李四 10:32');
    expect(res.userPrivateData.cardParamMap).toMatchObject({ finished: 'true', show_actions: 'false', buttons: '[]' });
  });
});

describe('decodeDingtalkCallbackParams', () => {
  const ref = actionRef(ACTIONS.hazard_set_grade, 'hazard', samples.HAZARD_ID, 3);

  it('reads the ref and select choices', () => {
    expect(decodeDingtalkCallbackParams({ ref: encodeActionRef(ref), grade: 'major', areas: ['a', 'b'] })).toEqual({
      ref,
      selections: { grade: ['major'], areas: ['a', 'b'] },
    });
  });

  it.each([
    [null],
    ['ref'],
    [[1, 2]],
    [{ ref: 'garbage' }],
    [{ ref: 42 }],
    [{ ref: encodeActionRef(ref).replace('@3', '@03') }],
  ])('gives a null ref for %p', (params) => {
    expect(decodeDingtalkCallbackParams(params).ref).toBeNull();
  });

  it('ignores unknown keys and malformed choices', () => {
    const out = decodeDingtalkCallbackParams(JSON.parse('{"__proto__":["x"],"Grade":"major","grade":[1,"ok","bad id"],"note":{"a":1}}'));
    expect(out.selections).toEqual({ grade: ['ok'] });
  });
});
