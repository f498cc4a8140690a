import { isValidPath, valueAtPath } from './jsonPath';

const doc = { a: { b: [{ c: 1 }, { c: 2 }] }, 'x-y': 'dash', list: [10, 20, 30] };

describe('valueAtPath', () => {
  it.each<[string, unknown]>([
    ['', doc], ['$', doc], ['a.b[1].c', 2], ['$.a.b[0].c', 1], ['list[-1]', 30], ['x-y', 'dash'],
    ['a.missing.c', undefined], ['list.c', undefined], ['a.b[5].c', undefined], ['__proto__', undefined], ['constructor', undefined],
  ])('%s', (path, expected) => expect(valueAtPath(doc, path)).toBe(expected));

  it('walks into arrays at the root and fails safely on primitives', () => {
    expect(valueAtPath(['p', 'q'], '[1]')).toBe('q');
    expect(valueAtPath(5, 'a')).toBeUndefined();
    expect(valueAtPath(null, 'a')).toBeUndefined();
  });

  it.each([['a.b', true], ['a[0].b', true], ['a..b', false], ['.a', false], ['a.', false], ['a[x]', false]])('isValidPath(%s) = %p', (p, ok) => {
    expect(isValidPath(p)).toBe(ok);
  });
});
