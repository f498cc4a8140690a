import { blendBandInPlace, watermarkLines, watermarkSvg } from './photoWatermark';

const base = { capturedAt: '2026-11-24T04:05:00Z', personName: '张伟' };

describe('watermark', () => {
  test('time (plant-local), place with coordinates and datum, code, person', () => {
    const lines = watermarkLines(
      { ...base, placeLabel: '罐区', fix: { lat: 31.9025, lng: 118.804, datum: 'GCJ-02' }, code: 'YH-20261124-0001' },
      { timezone: 'Asia/Shanghai', locale: 'zh-CN' },
    );
    expect(lines).toEqual(['2026-11-24 12:05 · 罐区 · 31.90250, 118.80400 GCJ-02', 'YH-20261124-0001 · 张伟']);
  });

  test('code not yet known, no place, English', () => {
    expect(watermarkLines(base, { timezone: 'Asia/Shanghai', locale: 'en' })).toEqual(['2026-11-24 12:05 · place unknown', 'code pending · 张伟']);
  });

  test('a fix far from the plant says so', () => {
    const [l1] = watermarkLines({ ...base, outsidePlant: true, fix: { lat: 31.23, lng: 121.47, datum: 'WGS-84' } }, { timezone: 'Asia/Shanghai', locale: 'zh-CN' });
    expect(l1).toContain('厂区外');
  });

  test('svg escapes markup in names and scales with the width', () => {
    const a = watermarkSvg(['<script>&"x"'], 1600);
    expect(a.svg).toContain('&lt;script&gt;&amp;&quot;x&quot;');
    expect(a.svg).not.toContain('<script>');
    expect(watermarkSvg(['x'], 320).height).toBeLessThan(a.height);
  });

  test('long lines shrink the font on narrow photos', () => {
    const long = '2026-11-24 12:05 · 合成车间反应釜区域东侧 · 31.90250, 118.80400 GCJ-02';
    const size = (svg: string) => Number(/font-size="(\d+)"/.exec(svg)![1]);
    expect(size(watermarkSvg([long], 240).svg)).toBeLessThan(size(watermarkSvg([long], 1600).svg));
  });

  test('blend: opaque white band replaces, transparent leaves, half blends', () => {
    const rgb = Buffer.alloc(2 * 2 * 3, 100);
    const band = Buffer.from([255, 255, 255, 255, 0, 0, 0, 0]); // 2×1: opaque white, transparent
    blendBandInPlace(rgb, 2, 2, band, 2, 1);
    expect([...rgb]).toEqual([100, 100, 100, 100, 100, 100, 255, 255, 255, 100, 100, 100]);
    const half = Buffer.alloc(3, 0);
    blendBandInPlace(half, 1, 1, Buffer.from([200, 200, 200, 128]), 1, 1);
    expect(half[0]).toBe(100);
  });
});
