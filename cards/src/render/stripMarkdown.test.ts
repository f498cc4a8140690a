import { stripMarkdownLite } from './stripMarkdown';

describe('stripMarkdownLite', () => {
  it.each([
    ['**现象**：阀盘锈死', '现象：阀盘锈死'],
    ['see [details](https://x.y/z) now', 'see details now'],
    ['a *b* c', 'a b c'],
    ['use `T-203`', 'use T-203'],
    ['## Title\ntext', 'Title\ntext'],
    ['> quoted', 'quoted'],
    ['- one\n- two', '· one\n· two'],
    ['a\r\n\r\n\r\n\r\nb', 'a\n\nb'],
    ['2 * 3 = 6', '2 * 3 = 6'],
  ])('%p → %p', (input, expected) => {
    expect(stripMarkdownLite(input)).toBe(expected);
  });
});
