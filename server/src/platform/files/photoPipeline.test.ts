import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { readExifFacts } from './photoExif';
import { PhotoRejected, renderPhoto } from './photoPipeline';
import { pngBomb, testJpeg } from './photoTestImages';

const HEIC = readFileSync(join(__dirname, 'photoFixtures', 'sample.heic'));
const LINES = ['2026-11-24 12:05 · 罐区 · 31.90250, 118.80400 GCJ-02', 'YH-20261124-0001 · 张伟'];
const opts = { maxPixels: 50_000_000, watermark: LINES };

describe('renderPhoto', () => {
  test('JPEG: auto-rotated per EXIF, display ≤ 1600 px, thumbnail from it, no EXIF left in either', async () => {
    const original = await testJpeg(2400, 1800, { takenAt: '2026:11:24 12:00:00', gps: { lat: 31.9045, lng: 118.7988 }, orientation: 6 });
    expect((await readExifFacts(original, 'Asia/Shanghai')).lat).toBeCloseTo(31.9045, 4);
    const r = await renderPhoto(original, 'image/jpeg', opts);
    // Orientation 6 = rotate 90°: the landscape sensor image becomes portrait.
    expect([r.width, r.height]).toEqual([1200, 1600]);
    expect(Math.max(r.thumbWidth, r.thumbHeight)).toBe(320);
    for (const out of [r.display, r.thumb]) {
      const meta = await sharp(out).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.exif).toBeUndefined();
      expect(await exifr.parse(out, { gps: true })).toBeUndefined();
    }
  });

  test('the watermark band changes the bottom of the photo and nothing above it', async () => {
    const original = await testJpeg(800, 600);
    const plain = await sharp((await renderPhoto(original, 'image/jpeg', { maxPixels: 50_000_000 })).display).raw().toBuffer();
    const stamped = await sharp((await renderPhoto(original, 'image/jpeg', opts)).display).raw().toBuffer();
    const row = (buf: Buffer, y: number) => buf.subarray(y * 800 * 3, (y + 1) * 800 * 3);
    const mean = (b: Buffer) => b.reduce((s, v) => s + v, 0) / b.length;
    // The translucent black band darkens the bottom rows…
    expect(mean(row(stamped, 595))).toBeLessThan(mean(row(plain, 595)) * 0.7);
    // …and leaves the top alone (JPEG noise aside).
    expect(Math.abs(mean(row(stamped, 10)) - mean(row(plain, 10)))).toBeLessThan(2);
  });

  test('small photos are not enlarged', async () => {
    const r = await renderPhoto(await testJpeg(640, 480), 'image/jpeg', opts);
    expect([r.width, r.height]).toEqual([640, 480]);
  });

  test('PNG with transparency is flattened on white; WebP works', async () => {
    const png = await sharp({ create: { width: 400, height: 300, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const r = await renderPhoto(png, 'image/png', { maxPixels: 50_000_000 });
    const px = await sharp(r.display).raw().toBuffer();
    expect(px[0]).toBeGreaterThan(240);
    expect(px[1]).toBeGreaterThan(240);
    const webp = await sharp(await testJpeg(500, 400)).webp().toBuffer();
    expect((await renderPhoto(webp, 'image/webp', opts)).width).toBe(500);
  });

  test('HEIC decodes through the WASM decoder', async () => {
    const r = await renderPhoto(HEIC, 'image/heic', opts);
    expect([r.width, r.height]).toEqual([320, 240]);
    expect((await sharp(r.display).metadata()).format).toBe('jpeg');
  });

  test('a decompression bomb is refused before its pixels are allocated', async () => {
    const bomb = pngBomb(30_000); // 900 MP declared, a few kB on disk
    expect(bomb.length).toBeLessThan(10_000);
    await expect(renderPhoto(bomb, 'image/png', opts)).rejects.toMatchObject({ code: 'too_many_pixels' });
  });

  test('a HEIC over the pixel limit is refused before decoding', async () => {
    await expect(renderPhoto(HEIC, 'image/heic', { maxPixels: 1000 })).rejects.toMatchObject({ code: 'too_many_pixels' });
  });

  test.each<[string, () => Promise<Buffer>, 'image/jpeg' | 'image/png' | 'image/heic']>([
    ['a truncated JPEG', async () => (await testJpeg(800, 600)).subarray(0, 20_000), 'image/jpeg'],
    ['a truncated PNG', async () => (await sharp(await testJpeg(300, 200)).png().toBuffer()).subarray(0, 3000), 'image/png'],
    ['a truncated HEIC', async () => HEIC.subarray(0, 900), 'image/heic'],
  ])('%s is rejected as corrupt, not retried', async (_n, make, mime) => {
    // libheif's WASM build prints its parse error with console.log.
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const err = await renderPhoto(await make(), mime, opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PhotoRejected);
    expect((err as PhotoRejected).code).toBe('image_corrupt');
    quiet.mockRestore();
  });
});
