import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** EXIF for a test JPEG: capture time (camera wall clock), optional offset and GPS (WGS-84). */
export interface TestExif {
  takenAt?: string;
  offset?: string;
  gps?: { lat: number; lng: number };
  orientation?: number;
}

function dms(v: number): string {
  const a = Math.abs(v);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = Math.round(((a - d) * 60 - m) * 60 * 10000);
  return `${d}/1 ${m}/1 ${s}/10000`;
}

/** A textured RGB test image (compresses like a photo, not like a flat colour). */
export async function texturedRaw(width: number, height: number, seed = 1): Promise<Buffer> {
  const sw = Math.max(2, Math.round(width / 10));
  const sh = Math.max(2, Math.round(height / 10));
  const small = Buffer.alloc(sw * sh * 3);
  let s = seed * 7919 + 13;
  for (let i = 0; i < small.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    small[i] = (s >>> 16) & 0xff;
  }
  return sharp(small, { raw: { width: sw, height: sh, channels: 3 } }).resize(width, height, { kernel: 'cubic' }).raw().toBuffer();
}

/** A camera-like JPEG with the given EXIF. */
export async function testJpeg(width: number, height: number, exif: TestExif = {}, seed = 1, quality = 88): Promise<Buffer> {
  const raw = await texturedRaw(width, height, seed);
  let img = sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality });
  const ifd2: Record<string, string> = {};
  if (exif.takenAt) ifd2.DateTimeOriginal = exif.takenAt;
  if (exif.offset) ifd2.OffsetTimeOriginal = exif.offset;
  const ifd3: Record<string, string> = {};
  if (exif.gps) {
    Object.assign(ifd3, {
      GPSLatitudeRef: exif.gps.lat >= 0 ? 'N' : 'S', GPSLatitude: dms(exif.gps.lat),
      GPSLongitudeRef: exif.gps.lng >= 0 ? 'E' : 'W', GPSLongitude: dms(exif.gps.lng),
    });
  }
  if (exif.takenAt || exif.gps) img = img.withExif({ IFD0: { Make: 'TestCam', Model: 'T-1' }, IFD2: ifd2, IFD3: ifd3 });
  if (exif.orientation) img = img.withMetadata({ orientation: exif.orientation });
  return img.toBuffer();
}

/**
 * A decompression bomb: a tiny PNG whose header declares `side × side` pixels of one colour.
 * Built by hand (zlib of zero rows) so making it never allocates the pixels.
 */
export function pngBomb(side: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1; // bit depth 1, greyscale: the smallest rows there are
  ihdr[9] = 0;
  // Only the first rows are compressed; decoders read the header long before they notice.
  const rows = Buffer.alloc((Math.ceil(side / 8) + 1) * Math.min(side, 64));
  const idat = deflateSync(rows);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}
