import sharp from 'sharp';
import { escapeXml, renderTrendSvg, trendPng } from './trendChart';

const T0 = Date.UTC(2026, 10, 24, 1, 50, 0); // 09:50 in Asia/Shanghai
const points = Array.from({ length: 61 }, (_, i) => ({ t: T0 + i * 10_000, v: 20 + i * 0.5 }));

describe('renderTrendSvg', () => {
  it('draws the line, the limit and labels in plant time', () => {
    const svg = renderTrendSvg(points, 40, { unit: 'ppm', title: 'H2S <R-101>' });
    expect(svg).toMatch(/^<svg [^>]*width="480" height="160"/);
    expect(svg.match(/<path d="M/g)).toHaveLength(1);
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('>40 ppm</text>');
    expect(svg).toContain('>50 ppm</text>');
    expect(svg).toContain('>09:50</text>');
    expect(svg).toContain('>10:00</text>');
    expect(svg).toContain('H2S &lt;R-101&gt;');
    expect(svg).not.toContain('<R-101>');
    expect(renderTrendSvg(points, 40, { unit: 'ppm', title: 'H2S <R-101>' })).toBe(svg);
  });

  it('places the limit line by value: above the data when the limit is higher', () => {
    const svg = renderTrendSvg([{ t: T0, v: 10 }, { t: T0 + 60_000, v: 12 }], 20);
    const limitY = Number(/<line x1="\d+" y1="([\d.]+)"/.exec(svg)![1]);
    const lastY = Number(/<circle cx="[\d.]+" cy="([\d.]+)"/.exec(svg)![1]);
    expect(limitY).toBeLessThan(lastY);
  });

  it('handles no data, a single point and no limit', () => {
    expect(renderTrendSvg([], 5)).toContain('no data');
    const one = renderTrendSvg([{ t: T0, v: 3 }], null);
    expect(one).not.toContain('<line');
    expect(one).not.toContain('NaN');
  });

  it('escapes XML specials', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });
});

describe('trendPng', () => {
  it('rasterises to a small PNG of the chart size', async () => {
    const png = await trendPng(renderTrendSvg(points, 40, { unit: 'ppm' }));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height]).toEqual([480, 160]);
    expect(png.length).toBeLessThan(40_000);
  });
});
