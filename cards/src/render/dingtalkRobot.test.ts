import { ACTIONS } from '../actions';
import { actionRef, button, card, field, linkButton, notice } from '../model';
import { DINGTALK_ROBOT_LIMITS as L, renderDingtalkActionCard, renderDingtalkMarkdown } from './dingtalkRobot';
import * as samples from './sampleCards';
import { charCount, utf8Bytes } from './truncateText';

const param = (m: { msgParam: string }) => JSON.parse(m.msgParam) as Record<string, string>;

describe('renderDingtalkMarkdown', () => {
  it('renders sampleMarkdown with image and link (snapshot)', () => {
    const out = renderDingtalkMarkdown(samples.dailyNotice(), { imageUrl: 'https://static.example.com/trend.png' });
    expect(out.msgKey).toBe('sampleMarkdown');
    expect(param(out)).toMatchSnapshot();
    expect(param(out).text).toContain('![趋势图](https://static.example.com/trend.png)');
  });

  it('keeps msgParam within 15,000 bytes, even with characters JSON escapes', () => {
    const big = notice('日报', `${'"\\'.repeat(4000)}${'隐患'.repeat(4000)}`, { link: { label: 'l', url: 'https://x.y/z' } });
    const out = renderDingtalkMarkdown(big);
    expect(utf8Bytes(out.msgParam)).toBeLessThanOrEqual(L.msgParamBytes);
    expect(param(out).text.endsWith('[l](https://x.y/z)')).toBe(true);
  });
});

describe('renderDingtalkActionCard', () => {
  it('uses link buttons and the card link; callback buttons are left out (snapshot)', () => {
    const out = renderDingtalkActionCard(samples.permitApprovalCard());
    expect(out.msgKey).toBe('sampleActionCard');
    expect(param(out)).toMatchObject({ singleTitle: 'Open permit', singleURL: 'https://anquan.example.com/h5/permits/DH-0007' });
    const hazard = renderDingtalkActionCard(samples.finishedHazardCard(), { imageUrl: 'https://static.example.com/p.jpg' });
    expect(hazard.msgKey).toBe('sampleActionCard');
    expect(param(hazard)).toMatchSnapshot();
  });

  it('numbers 2–5 link buttons as sampleActionCardN', () => {
    const urls = [1, 2, 3, 4, 5, 6].map((i) => linkButton(`链接${i}`, `https://x.y/${i}`));
    const two = renderDingtalkActionCard(card('a.b', 'T', { buttons: urls.slice(0, 2) }));
    expect(two.msgKey).toBe('sampleActionCard2');
    expect(param(two)).toMatchObject({ actionTitle1: '链接1', actionURL1: 'https://x.y/1', actionTitle2: '链接2', actionURL2: 'https://x.y/2' });
    const five = renderDingtalkActionCard(card('a.b', 'T', { buttons: urls.slice(0, 4), link: { label: 'L', url: 'https://x.y/l' } }));
    expect(five.msgKey).toBe('sampleActionCard5');
    expect(param(five).actionURL5).toBe('https://x.y/l');
  });

  it('falls back to markdown without links and respects the text limits', () => {
    const ref = actionRef(ACTIONS.hazard_accept, 'hazard', 'h-1', 1);
    const c = card('a.b', '隐'.repeat(64), { fields: [field('f', 'v')], text: '患'.repeat(2000), buttons: [button('OK', ref)] });
    const out = renderDingtalkActionCard(c);
    expect(out.msgKey).toBe('sampleMarkdown');
    expect(charCount(param(out).title)).toBeLessThanOrEqual(L.titleChars);
    const withLink = renderDingtalkActionCard({ ...c, link: { label: '查看详情查看详情查看详情查看详情查看详情查看详情', url: 'https://x.y' } });
    expect(charCount(param(withLink).text)).toBeLessThanOrEqual(L.actionCardTextChars);
    expect(charCount(param(withLink).singleTitle)).toBeLessThanOrEqual(L.actionTitleChars);
  });
});
