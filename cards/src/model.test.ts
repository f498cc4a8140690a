import { ACTIONS } from './actions';
import { actionRef, button, callbackButtons, card, finishCard, isFinished, isNotice, linkButton, notice, option, select } from './model';

describe('card builders', () => {
  const ref = actionRef(ACTIONS.hazard_accept, 'hazard', 'h-1', 2);

  it('fills empty lists and keeps given parts', () => {
    expect(card('hazard.assignment', 'T')).toEqual({ kind: 'hazard.assignment', title: 'T', fields: [], buttons: [], selects: [] });
    const c = card('hazard.assignment', 'T', { tone: 'danger', buttons: [button('OK', ref, 'primary')] });
    expect(c.tone).toBe('danger');
    expect(c.buttons).toEqual([{ label: 'OK', style: 'primary', action: ref }]);
  });

  it('builds selects single-choice with nothing preselected by default', () => {
    expect(select('area', 'Area', [option('a', 'A')], ref)).toEqual({
      id: 'area',
      label: 'Area',
      options: [{ id: 'a', label: 'A' }],
      action: ref,
      selectedIds: [],
      multiple: false,
    });
  });

  it('finishes a card without touching the original', () => {
    const c = card('hazard.assignment', 'T', { buttons: [button('OK', ref)] });
    const done = finishCard(c, '已接受 · 李四');
    expect(isFinished(done)).toBe(true);
    expect(isFinished(c)).toBe(false);
    expect(isFinished(finishCard(c, '  '))).toBe(false);
    expect(done.buttons).toHaveLength(1);
  });

  it('tells notices from cards and callback buttons from links', () => {
    expect(isNotice(notice('T', 'md'))).toBe(true);
    expect(isNotice(card('a.b', 'T'))).toBe(false);
    const c = card('a.b', 'T', { buttons: [button('OK', ref), linkButton('Open', 'https://x.y')] });
    expect(callbackButtons(c).map((b) => b.label)).toEqual(['OK']);
  });
});
