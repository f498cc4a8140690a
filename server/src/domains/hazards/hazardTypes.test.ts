import { hasMessage, t } from '../../../../cards/src/i18n/catalogue';
import { HAZARD_ACTION_TYPES, HAZARD_GRADES, HAZARD_REFUSAL_CODES, HAZARD_STATUSES, MAJOR_ELEMENT_NAMES } from './hazardTypes';

// Every code the machine can return must reach the user as text in both locales.
const KEYS = [
  ...HAZARD_STATUSES.map((s) => `hazards.status.${s}`),
  ...HAZARD_GRADES.map((g) => `hazards.grade.${g}`),
  ...HAZARD_ACTION_TYPES.map((a) => `hazards.action.${a}`),
  ...MAJOR_ELEMENT_NAMES.map((e) => `hazards.element.${e}`),
  ...HAZARD_REFUSAL_CODES.map((c) => `hazards.refusal.${c}`),
];

describe('hazard vocabulary in the message catalogue', () => {
  it.each(KEYS)('%s exists in zh-CN and en', (key) => {
    expect(hasMessage(key)).toBe(true);
    expect(t('zh-CN', key)).not.toBe(key);
    expect(t('en', key)).not.toBe(t('zh-CN', key));
  });

  it('fills the right name into missing_right', () => {
    expect(t('zh-CN', 'hazards.refusal.missing_right', { right: 'hazard.verify' })).toContain('hazard.verify');
  });
});
