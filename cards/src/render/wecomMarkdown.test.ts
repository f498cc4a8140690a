import { notice } from '../model';
import { utf8Bytes } from './truncateText';
import { renderWecomMarkdown } from './wecomMarkdown';
import { dailyNotice } from './sampleCards';

describe('renderWecomMarkdown', () => {
  it('renders title, body and links (snapshot)', () => {
    const out = renderWecomMarkdown(dailyNotice(), { imageUrl: 'https://wework.qpic.cn/wwpic/1/0' });
    expect(out.msgtype).toBe('markdown');
    expect(out.markdown.content).toMatchSnapshot();
    expect(out.markdown.content.startsWith('### 今日隐患日报 2026-11-24\n')).toBe(true);
    expect(out.markdown.content).toContain('[趋势图](https://wework.qpic.cn/wwpic/1/0)');
  });

  it.each([
    ['robot', 4096],
    ['app', 2048],
  ] as const)('cuts the body to the %s limit of %d bytes but keeps the links', (channel, max) => {
    const big = notice('日报', '隐患'.repeat(3000), { link: { label: '查看日报', url: 'https://anquan.example.com/h5/r' } });
    const content = renderWecomMarkdown(big, { channel }).markdown.content;
    expect(utf8Bytes(content)).toBeLessThanOrEqual(max);
    expect(utf8Bytes(content)).toBeGreaterThan(max - 16);
    expect(content.endsWith('[查看日报](https://anquan.example.com/h5/r)')).toBe(true);
    expect(content).toContain('…');
  });

  it('leaves a short notice untouched and refuses an empty title', () => {
    expect(renderWecomMarkdown(notice('T', 'body')).markdown.content).toBe('### T\nbody');
    expect(() => renderWecomMarkdown(notice(' ', 'body'))).toThrow('empty_title');
  });
});
