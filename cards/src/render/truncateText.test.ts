import { ELLIPSIS, charCount, oneLine, truncateBytes, truncateChars, utf8Bytes } from './truncateText';

describe('charCount', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['隐患整改', 4],
    ['😀a', 2],
  ])('%p has %p characters', (text, n) => {
    expect(charCount(text)).toBe(n);
  });
});

describe('truncateChars', () => {
  it.each([
    ['二号罐区呼吸阀失效', 9, '二号罐区呼吸阀失效'],
    ['二号罐区呼吸阀失效', 5, '二号罐区…'],
    ['ab cd', 4, 'ab…'],
    ['😀😀😀', 2, '😀…'],
    ['abc', 1, '…'],
    ['abc', 0, ''],
  ])('%p to %p chars gives %p', (text, max, expected) => {
    expect(truncateChars(text, max)).toBe(expected);
    expect(charCount(truncateChars(text, max))).toBeLessThanOrEqual(Math.max(max, 0));
  });
});

describe('truncateBytes', () => {
  it('keeps text that fits and cuts on character boundaries with an ellipsis', () => {
    expect(truncateBytes('abc', 3)).toBe('abc');
    expect(truncateBytes('隐患整改', 9)).toBe('隐患…');
    expect(utf8Bytes(truncateBytes('隐患整改', 9))).toBeLessThanOrEqual(9);
    expect(truncateBytes('😀😀', 7)).toBe('😀…');
    expect(truncateBytes('abcdef', 2)).toBe('');
  });

  it('never exceeds the budget', () => {
    const text = '新增 3 项，已整改 5 项 😀 overdue'.repeat(20);
    for (let max = 3; max < 200; max += 7) {
      const cut = truncateBytes(text, max);
      expect(utf8Bytes(cut)).toBeLessThanOrEqual(max);
      expect(cut.endsWith(ELLIPSIS)).toBe(true);
    }
  });
});

describe('oneLine', () => {
  it('collapses whitespace', () => {
    expect(oneLine('  a\n\nb\tc ')).toBe('a b c');
  });
});
