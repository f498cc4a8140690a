import sharp from 'sharp';
import { jpegIsComplete } from './photoJpegCheck';
import { testJpeg } from './photoTestImages';

describe('jpegIsComplete', () => {
  let jpeg: Buffer;
  let progressive: Buffer;
  beforeAll(async () => {
    jpeg = await testJpeg(320, 240, { takenAt: '2026:11:20 09:15:00', gps: { lat: 31.9, lng: 118.8 } });
    progressive = await sharp(jpeg).jpeg({ progressive: true }).toBuffer();
  });

  test('a whole baseline JPEG with EXIF is complete', () => expect(jpegIsComplete(jpeg)).toBe(true));
  test('a whole progressive JPEG (several scans) is complete', () => expect(jpegIsComplete(progressive)).toBe(true));
  test('bytes after EOI (motion photo trailer) are fine', () => {
    expect(jpegIsComplete(Buffer.concat([jpeg, Buffer.from('ftypmp42....video....')]))).toBe(true);
  });
  test.each([0.99, 0.75, 0.5, 0.1])('cut at %p of its length → incomplete', (f) => {
    expect(jpegIsComplete(jpeg.subarray(0, Math.floor(jpeg.length * f)))).toBe(false);
    expect(jpegIsComplete(progressive.subarray(0, Math.floor(progressive.length * f)))).toBe(false);
  });
  test('only the last two bytes (EOI) missing → incomplete', () => expect(jpegIsComplete(jpeg.subarray(0, jpeg.length - 2))).toBe(false));
  test('not a JPEG at all', () => {
    expect(jpegIsComplete(Buffer.from('hello world, not an image'))).toBe(false);
    expect(jpegIsComplete(Buffer.alloc(0))).toBe(false);
  });
});
