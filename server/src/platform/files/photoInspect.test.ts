import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectPhoto } from './photoInspect';
import { pngBomb, testJpeg } from './photoTestImages';

describe('inspectPhoto (request path)', () => {
  test('reads dimensions of JPEG and HEIC without decoding', async () => {
    expect(await inspectPhoto(await testJpeg(320, 240), 'image/jpeg', 1e6)).toEqual({ width: 320, height: 240 });
    expect(await inspectPhoto(readFileSync(join(__dirname, 'photoFixtures', 'sample.heic')), 'image/heic', 1e6)).toEqual({ width: 320, height: 240 });
  });

  test('a pixel bomb → 413 too_many_pixels', async () => {
    await expect(inspectPhoto(pngBomb(40_000), 'image/png', 120_000_000)).rejects.toMatchObject({ code: 'payload_too_large', details: { reason: 'too_many_pixels' } });
  });

  test('a truncated JPEG → 415 truncated', async () => {
    const jpeg = await testJpeg(640, 480);
    await expect(inspectPhoto(jpeg.subarray(0, jpeg.length - 500), 'image/jpeg', 1e7)).rejects.toMatchObject({ code: 'unsupported_media_type', details: { reason: 'truncated' } });
  });

  test('a header that does not parse → 415 unreadable', async () => {
    const junk = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really a png')]);
    await expect(inspectPhoto(junk, 'image/png', 1e7)).rejects.toMatchObject({ code: 'unsupported_media_type', details: { reason: 'unreadable' } });
  });
});
