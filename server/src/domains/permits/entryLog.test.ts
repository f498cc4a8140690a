import { checkEntry, insideNow, leftInside, type EntryPermit, type EntryRecord } from './entryLog';

const permit: EntryPermit = { type: 'CSE', status: 'active', performerIds: ['w1', 'w2'], guardianIds: ['g1'] };
const p = (subject: string, direction: 'in' | 'out'): EntryRecord => ({ kind: 'person', subject, direction, count: 1 });
const t = (subject: string, direction: 'in' | 'out', count = 1): EntryRecord => ({ kind: 'tool', subject, direction, count });

describe('insideNow', () => {
  it('folds people and tool counts in recording order', () => {
    expect(insideNow([p('w1', 'in'), t('扳手', 'in', 2), p('w2', 'in'), p('w1', 'out'), t('扳手', 'out'), t('灯', 'in'), t('灯', 'out')]))
      .toEqual({ people: ['w2'], tools: [{ name: '扳手', count: 1 }] });
  });
});

describe('checkEntry (GB 30871 6.8 c)', () => {
  it.each([
    ['a performer enters', permit, [], p('w1', 'in'), null],
    ['the guardian stays outside', permit, [], p('g1', 'in'), 'guardian_stays_outside'],
    ['someone not on the permit', permit, [], p('x9', 'in'), 'entrant_not_on_permit'],
    ['entering twice', permit, [p('w1', 'in')], p('w1', 'in'), 'entrant_already_inside'],
    ['leaving without having entered', permit, [], p('w1', 'out'), 'entrant_not_inside'],
    ['leaving a suspended space', { ...permit, status: 'suspended' }, [p('w1', 'in')], p('w1', 'out'), null],
    ['entering a suspended space', { ...permit, status: 'suspended' }, [], p('w1', 'in'), 'entry_not_now'],
    ['entering before activation', { ...permit, status: 'approved' }, [], p('w1', 'in'), 'entry_not_now'],
    ['more tools out than in', permit, [t('扳手', 'in', 2)], t('扳手', 'out', 3), 'tool_not_inside'],
    ['tools back out', permit, [t('扳手', 'in', 2)], t('扳手', 'out', 2), null],
    ['not a confined space', { ...permit, type: 'HOT' }, [], p('w1', 'in'), 'entry_log_confined_space_only'],
  ] as Array<[string, EntryPermit, EntryRecord[], EntryRecord, string | null]>)('%s', (_name, pm, log, next, code) => {
    const r = checkEntry(pm, log, next);
    expect(r?.code ?? null).toBe(code);
    if (r) expect(r.sourceRef).toBe('GB 30871-2022 6.8 c)');
  });
});

describe('leftInside', () => {
  it('names who and what is still inside, and nothing once all are out', () => {
    expect(leftInside([p('w1', 'in'), t('扳手', 'in', 2)])?.params).toEqual({ people: ['w1'], tools: ['扳手×2'] });
    expect(leftInside([p('w1', 'in'), p('w1', 'out'), t('扳手', 'in', 2), t('扳手', 'out', 2)])).toBeNull();
  });
});
