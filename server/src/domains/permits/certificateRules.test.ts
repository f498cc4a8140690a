import { CertificateRecord, certificateReminders, certificateStatus, checkCertificates, requiredCertificates } from './certificateRules';
import { NATIONAL_PERMIT_POLICY as POLICY } from './permitTypes';

const TZ = 'Asia/Shanghai';
/** 2026-11-24 local. */
const NOW = new Date('2026-11-24T02:00:00Z');
const card = (holderId: string, type: CertificateRecord['type'], expiresOn: string, nextReviewOn: string | null = null, number = `${holderId}-${type}`): CertificateRecord =>
  ({ type, number, holderId, issuedOn: '2022-01-01', expiresOn, nextReviewOn });

describe('certificateStatus', () => {
  it.each([
    ['expired yesterday', card('a', 'special_op_welding', '2026-11-23'), 'expired'],
    ['expires today (last valid day)', card('a', 'special_op_welding', '2026-11-24'), 'due_soon'],
    ['review overdue', card('a', 'special_op_welding', '2028-01-01', '2026-11-01'), 'review_overdue'],
    ['review due in 90 days', card('a', 'special_op_welding', '2028-01-01', '2027-02-22'), 'due_soon'],
    ['review due in 91 days', card('a', 'special_op_welding', '2028-01-01', '2027-02-23'), 'valid'],
    ['expiry in 30 days, no review', card('a', 'guardian_training', '2026-12-24'), 'due_soon'],
    ['valid for years', card('a', 'guardian_training', '2030-01-01'), 'valid'],
  ])('%s → %s', (_name, cert, expected) => {
    expect(certificateStatus(cert, '2026-11-24', 90)).toBe(expected);
  });
});

describe('which certificates each role needs', () => {
  it.each([
    ['HOT', 'performer', {}, ['special_op_welding']],
    ['HOT', 'performer', { weldingOrCutting: false }, []],
    ['TMP', 'performer', {}, ['special_op_electrician_lv', 'special_op_electrician_hv', 'special_op_electrician_ex']],
    ['TMP', 'work_leader', {}, ['special_op_electrician_lv', 'special_op_electrician_hv', 'special_op_electrician_ex']],
    ['CSE', 'guardian', {}, ['guardian_training']],
    ['RDB', 'guardian', {}, ['guardian_training']],
    ['LFT', 'crane_operator', {}, ['special_equipment_crane_operator']],
    ['LFT', 'lifting_director', {}, ['special_equipment_crane_signaller']],
    ['HGT', 'performer', {}, []],
    ['HGT', 'performer', { heightSpecialOperation: true }, ['special_op_height_scaffold', 'special_op_height_maintenance']],
    ['CSE', 'performer', {}, []],
  ] as const)('%s %s %j → %j', (type, role, conditions, expected) => {
    expect(requiredCertificates(type, role, conditions, POLICY).flatMap((r) => r.anyOf)).toEqual(expected);
  });
});

describe('checkCertificates', () => {
  const ctx = { now: NOW, timezone: TZ, policy: POLICY, workEndsAt: new Date('2026-11-26T02:00:00Z') };
  const needs = [{ personId: 'w', personRole: 'performer' as const, field: 'people.performerIds[0]' }];
  const run = (registry: CertificateRecord[]) => checkCertificates('HOT', needs, {}, registry, ctx);

  it.each([
    ['no card', [], ['certificate_missing'], []],
    ['expired card', [card('w', 'special_op_welding', '2026-11-01')], ['certificate_expired'], []],
    ['review overdue', [card('w', 'special_op_welding', '2028-01-01', '2026-10-01')], ['certificate_review_overdue'], []],
    ['expires during the work', [card('w', 'special_op_welding', '2026-11-25')], ['certificate_expires_during_work'], []],
    ['due within 90 days', [card('w', 'special_op_welding', '2027-01-10')], [], ['certificate_due_soon']],
    ['valid', [card('w', 'special_op_welding', '2030-01-01', '2028-01-01')], [], []],
    ['an expired old card and a valid new one', [card('w', 'special_op_welding', '2025-01-01', null, 'old'), card('w', 'special_op_welding', '2031-01-01', '2029-01-01', 'new')], [], []],
    ["someone else's card", [card('x', 'special_op_welding', '2030-01-01')], ['certificate_missing'], []],
  ])('%s', (_name, registry, errors, warnings) => {
    const r = run(registry);
    expect(r.errors.map((e) => e.code)).toEqual(errors);
    expect(r.warnings.map((e) => e.code)).toEqual(warnings);
  });

  it('names the field, the person and the clause', () => {
    expect(run([card('w', 'special_op_welding', '2026-11-01')]).errors[0]).toEqual({
      code: 'certificate_expired', field: 'people.performerIds[0]',
      params: { personId: 'w', personRole: 'performer', type: 'special_op_welding', number: 'w-special_op_welding', expiresOn: '2026-11-01', nextReviewOn: null },
      sourceRef: 'GB 30871-2022 4.9, A.1 动火人及证书编号',
    });
  });

  it('uses the plant-local date: 2026-11-24 16:30 UTC is already the 25th in Shanghai', () => {
    const late = checkCertificates('HOT', needs, {}, [card('w', 'special_op_welding', '2026-11-24')], { ...ctx, now: new Date('2026-11-24T16:30:00Z'), workEndsAt: undefined });
    expect(late.errors.map((e) => e.code)).toEqual(['certificate_expired']);
  });
});

describe('certificateReminders', () => {
  it('lists expiries and reviews within the window and overdue ones, soonest first', () => {
    const certs = [
      card('a', 'special_op_welding', '2029-06-01', '2027-01-15'),
      card('b', 'guardian_training', '2026-12-01'),
      card('c', 'special_op_electrician_lv', '2026-11-20'),
      card('d', 'special_op_welding', '2031-01-01', '2029-01-01'),
    ];
    expect(certificateReminders(certs, NOW, TZ)).toEqual([
      { holderId: 'c', type: 'special_op_electrician_lv', number: 'c-special_op_electrician_lv', kind: 'expiry', dueOn: '2026-11-20', daysLeft: -4, overdue: true },
      { holderId: 'b', type: 'guardian_training', number: 'b-guardian_training', kind: 'expiry', dueOn: '2026-12-01', daysLeft: 7, overdue: false },
      { holderId: 'a', type: 'special_op_welding', number: 'a-special_op_welding', kind: 'review', dueOn: '2027-01-15', daysLeft: 52, overdue: false },
    ]);
  });

  it('honours a custom window', () => {
    expect(certificateReminders([card('b', 'guardian_training', '2026-12-01')], NOW, TZ, 5)).toEqual([]);
  });
});
