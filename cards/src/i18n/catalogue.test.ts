import { FRAGMENTS, t } from './catalogue';

describe('message catalogue', () => {
  it.each(Object.entries(FRAGMENTS))('fragment %s has the same keys in zh-CN and en', (_name, fragment) => {
    expect(Object.keys(fragment.en).sort()).toEqual(Object.keys(fragment['zh-CN']).sort());
  });

  it('keys are unique across fragments', () => {
    const seen = new Map<string, string>();
    for (const [name, fragment] of Object.entries(FRAGMENTS)) {
      for (const key of Object.keys(fragment['zh-CN'])) {
        expect(seen.get(key) ?? name).toBe(name);
        seen.set(key, name);
      }
    }
  });

  it('fills placeholders and falls back to the key when missing', () => {
    expect(t('en', 'no.such.key', { a: 1 })).toBe('no.such.key');
  });
});
