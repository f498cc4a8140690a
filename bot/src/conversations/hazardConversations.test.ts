import { ACTIONS, ActionName } from '../../../cards/src/actions';
import type { CommandBus } from '../commandBus';
import type { BotEvent } from '../messenger';
import { BotRouter } from '../router';
import { HAZARD_BUS } from './hazardBus';
import { registerHazardConversations } from './hazardConversations';
import { isGreeting } from './hazardReport';

const HAZARD = '3f2b9c1e-8d4a-4b6f-9e21-7a5c0d9e4b13';

/** A bus that records calls and claims for the commands listed in `claims`. */
function fakeBus(claims: string[] = []) {
  const calls: Array<[string, Record<string, unknown>]> = [];
  const bus: CommandBus = {
    async execute<R>(_e: BotEvent, command: string, payload: Record<string, unknown>): Promise<R> {
      calls.push([command, payload]);
      return { claimed: claims.includes(command) } as R;
    },
    async reply() {},
  };
  return { bus, calls };
}

const base = { platform: 'sandbox' as const, plantId: 'p', sender: { personId: 'u', platformUserId: 'u' }, dedupeKey: 'k', receivedAt: new Date(0) };
const text = (t: string): BotEvent => ({ ...base, kind: 'text', text: t });
const click = (action: ActionName, selections?: Record<string, string[]>): BotEvent => ({
  ...base, kind: 'action', action: { action, subjectType: 'hazard', subjectId: HAZARD, cardVersion: 1 }, selections,
});

function router() {
  const r = new BotRouter();
  registerHazardConversations(r);
  const help: BotEvent[] = [];
  r.otherwise(async (e) => {
    help.push(e);
  });
  return { r, help };
}

describe('hazard conversations', () => {
  it('offers a text to the pending steps first, then to the report draft', async () => {
    const { r } = router();
    const { bus, calls } = fakeBus([HAZARD_BUS.draftInput]);
    expect(await r.dispatch(text(' 3号配电箱未上锁 '), bus)).toBe(true);
    expect(calls).toEqual([
      [HAZARD_BUS.returnReason, { text: '3号配电箱未上锁' }],
      [HAZARD_BUS.afterPhotoNote, { text: '3号配电箱未上锁' }],
      [HAZARD_BUS.draftInput, { text: '3号配电箱未上锁' }],
    ]);
  });

  it('stops at the step that claims the message', async () => {
    const { r } = router();
    const { bus, calls } = fakeBus([HAZARD_BUS.returnReason, HAZARD_BUS.draftInput]);
    await r.dispatch(text('锁具型号不对'), bus);
    expect(calls.map((c) => c[0])).toEqual([HAZARD_BUS.returnReason]);
    const photo = fakeBus([HAZARD_BUS.afterPhoto]);
    await r.dispatch({ ...base, kind: 'image', image: { fileId: 'f1' } }, photo.bus);
    expect(photo.calls).toEqual([[HAZARD_BUS.afterPhoto, { fileId: 'f1' }]]);
  });

  it('leaves greetings to the help reply', async () => {
    const { r, help } = router();
    const { bus, calls } = fakeBus([HAZARD_BUS.draftInput]);
    expect(await r.dispatch(text('你好'), bus)).toBe(false);
    expect(calls.map((c) => c[0])).not.toContain(HAZARD_BUS.draftInput);
    expect(help).toHaveLength(1);
    expect(isGreeting('help')).toBe(true);
    expect(isGreeting('配电箱没锁')).toBe(false);
  });

  it('passes a location without its label', async () => {
    const { r } = router();
    const { bus, calls } = fakeBus([HAZARD_BUS.draftInput]);
    await r.dispatch({ ...base, kind: 'location', location: { lat: 31.9, lng: 118.8, datum: 'GCJ-02', label: '合成车间' } }, bus);
    expect(calls).toEqual([[HAZARD_BUS.draftInput, { location: { lat: 31.9, lng: 118.8, datum: 'GCJ-02' } }]]);
  });

  it.each([
    [ACTIONS.hazard_accept, undefined, HAZARD_BUS.button, { hazardId: HAZARD, action: 'start_rectification' }],
    [ACTIONS.hazard_verify_approve, undefined, HAZARD_BUS.button, { hazardId: HAZARD, action: 'approve' }],
    [ACTIONS.hazard_reinspect_ok, undefined, HAZARD_BUS.button, { hazardId: HAZARD, action: 'reinspect_ok' }],
    [ACTIONS.hazard_reinspect_recurred, undefined, HAZARD_BUS.button, { hazardId: HAZARD, action: 'reinspect_recurred' }],
    [ACTIONS.hazard_set_grade, { grade: ['major'] }, HAZARD_BUS.button, { hazardId: HAZARD, action: 'set_grade', grade: 'major' }],
    [ACTIONS.hazard_verify_return, undefined, HAZARD_BUS.returnPrompt, { hazardId: HAZARD }],
    [ACTIONS.hazard_rectified, undefined, HAZARD_BUS.rectifyPrompt, { hazardId: HAZARD }],
    [ACTIONS.hazard_delegate, undefined, HAZARD_BUS.delegate, { hazardId: HAZARD, choice: null }],
    [ACTIONS.hazard_delegate, { delegate: ['xulin'] }, HAZARD_BUS.delegate, { hazardId: HAZARD, choice: 'xulin' }],
    [ACTIONS.hazard_draft_submit, { area: ['synthesis'], category: ['elec_box_unlocked'] }, HAZARD_BUS.draftSubmit, { draftId: HAZARD, area: 'synthesis', category: 'elec_box_unlocked' }],
    [ACTIONS.hazard_draft_submit, {}, HAZARD_BUS.draftSubmit, { draftId: HAZARD }],
  ] as const)('%s %j → %s', async (action, selections, command, payload) => {
    const { r } = router();
    const { bus, calls } = fakeBus();
    await r.dispatch(click(action, selections as Record<string, string[]> | undefined), bus);
    expect(calls).toEqual([[command, payload]]);
  });
});
