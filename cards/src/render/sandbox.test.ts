import { decodeActionRef } from '../actionRef';
import { card } from '../model';
import { InvalidCardError } from '../validateCard';
import { SandboxCard, renderSandbox } from './sandbox';
import * as samples from './sampleCards';

const asCard = (m: ReturnType<typeof renderSandbox>): SandboxCard => {
  if (m.type !== 'card') throw new Error('expected a card');
  return m;
};

describe('renderSandbox', () => {
  it.each([
    'hazardAssignmentCard',
    'permitApprovalCard',
    'draftAreaCard',
    'draftAreaCategoryCard',
    'checklistCard',
    'gradeCard',
    'finishedHazardCard',
    'dailyNotice',
  ] as const)('%s matches its snapshot', (name) => {
    expect(renderSandbox(samples[name]())).toMatchSnapshot();
  });

  it('carries decodable action strings', () => {
    const out = asCard(renderSandbox(samples.hazardAssignmentCard()));
    expect(out.buttons.map((b) => decodeActionRef(b.action)?.action)).toEqual(['hazard_accept', 'hazard_rectified', 'hazard_delegate']);
    expect(decodeActionRef(out.buttons[0].action)?.subjectId).toBe(samples.HAZARD_ID);
  });

  it('shows the status instead of buttons once finished', () => {
    const out = asCard(renderSandbox(samples.finishedHazardCard()));
    expect(out.finished).toBe(true);
    expect(out.status).toBe('已接受 · 李四 10:32');
    expect(out.buttons).toEqual([]);
    expect(out.selects).toEqual([]);
    expect(out.submit).toBeNull();
  });

  it('adds a submit button only for selects without callback buttons', () => {
    const draft = asCard(renderSandbox(samples.draftAreaCard()));
    expect(draft.submit).toEqual({ label: '提交', action: draft.selects[0].action });
    expect(asCard(renderSandbox(samples.gradeCard())).submit).toBeNull();
  });

  it('uses the card locale for added words and null for absent parts', () => {
    const permit = asCard(renderSandbox(samples.permitApprovalCard()));
    expect(permit.locale).toBe('en');
    expect(permit.buttons[2]).toEqual({ label: 'Open permit', style: 'default', action: null, url: 'https://anquan.example.com/h5/permits/DH-0007' });
    expect(permit.image).toBeNull();
    expect(permit.subtitle).toBeNull();
    expect(JSON.parse(JSON.stringify(permit))).toEqual(permit);
  });

  it('refuses an invalid card', () => {
    expect(() => renderSandbox(card('a.b', ''))).toThrow(InvalidCardError);
  });
});
