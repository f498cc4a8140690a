import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { processPhoto } from '../../server/src/platform/files/photoProcess';
import type { PhotoContext } from '../../server/src/platform/files/photoTypes';
import { cliArgs } from '../lib/cliArgs';

const USAGE = `usage: npm run bench:photos -- [--count 200] [--concurrency 2] [--width 4000] [--height 3000]

Generates camera-sized JPEGs (12 MP by default, with EXIF time + GPS) and runs each through the
photo pipeline (EXIF read and check, decode once, auto-rotate, 1600 px watermarked display copy,
thumbnail, sha256 of both) and, in the same run, through sharp doing only the 1600 px resize.
Prints p50/p99 per photo and photos/s for both, with --concurrency photos in flight.`;

/** A camera-like frame: smooth texture plus sensor-like noise, so JPEG sizes look real (3-5 MB). */
async function makeSources(width: number, height: number, n: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (let k = 0; k < n; k++) {
    const sw = Math.round(width / 12);
    const sh = Math.round(height / 12);
    const small = Buffer.alloc(sw * sh * 3);
    let s = 1234567 + k * 7919;
    for (let i = 0; i < small.length; i++) {
      s = (s * 1103515245 + 12345) % 2147483648;
      small[i] = (s >>> 16) & 0xff;
    }
    const raw = await sharp(small, { raw: { width: sw, height: sh, channels: 3 } }).resize(width, height, { kernel: 'cubic' }).raw().toBuffer();
    for (let i = 0; i < raw.length; i += 3) {
      s = (s * 1103515245 + 12345) % 2147483648;
      raw[i] = Math.min(255, raw[i] + ((s >>> 16) & 15));
    }
    out.push(raw);
  }
  return out;
}

/** 200 distinct JPEGs from a few sources: each gets its own shift, quality and EXIF. */
async function makeJpegs(count: number, width: number, height: number): Promise<Buffer[]> {
  const sources = await makeSources(width + 64, height + 64, 4);
  const jpegs: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const src = sources[i % sources.length];
    const dx = (i * 13) % 64;
    const dy = (i * 29) % 64;
    const minute = String(i % 60).padStart(2, '0');
    jpegs.push(
      await sharp(src, { raw: { width: width + 64, height: height + 64, channels: 3 } })
        .extract({ left: dx, top: dy, width, height })
        .jpeg({ quality: 88 + (i % 7) })
        .withExif({
          IFD0: { Make: 'BenchCam', Model: 'B-12' },
          IFD2: { DateTimeOriginal: `2026:11:24 10:${minute}:00`, OffsetTimeOriginal: '+08:00' },
          IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 54/1 1634/100', GPSLongitudeRef: 'E', GPSLongitude: '118/1 47/1 5579/100' },
        })
        .withMetadata({ orientation: i % 4 === 0 ? 6 : 1 })
        .toBuffer(),
    );
  }
  return jpegs;
}

/** Runs `fn` over every item with `concurrency` in flight; per-item milliseconds and the wall time. */
async function timed<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<unknown>): Promise<{ ms: number[]; wallMs: number }> {
  const ms = new Array<number>(items.length);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        const t = performance.now();
        await fn(items[i], i);
        ms[i] = performance.now() - t;
      }
    }),
  );
  return { ms, wallMs: performance.now() - start };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const { values } = cliArgs({ count: { type: 'string' }, concurrency: { type: 'string' }, width: { type: 'string' }, height: { type: 'string' } }, USAGE);
  const count = Number(values.count ?? 200);
  const concurrency = Number(values.concurrency ?? 2);
  const width = Number(values.width ?? 4000);
  const height = Number(values.height ?? 3000);
  process.stderr.write(`generating ${count} JPEGs of ${width}×${height}…\n`);
  const jpegs = await makeJpegs(count, width, height);
  const mb = jpegs.reduce((s, b) => s + b.length, 0) / count / 1e6;
  const context = (i: number): PhotoContext => ({
    capturedAt: `2026-11-24T02:${String(i % 60).padStart(2, '0')}:30Z`, fix: { lat: 31.9025, lng: 118.804, datum: 'GCJ-02' },
    areaKey: 'synthesis', placeLabel: '合成车间', code: `YH-20261124-${String(i + 1).padStart(4, '0')}`, personName: '张伟',
  });
  const resizeOnly = (b: Buffer) => sharp(b).resize(1600, 1600, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 82 }).toBuffer();
  const pipeline = async (b: Buffer, i: number) => {
    const r = await processPhoto(b, 'image/jpeg', context(i), { timezone: 'Asia/Shanghai', locale: 'zh-CN', maxPixels: 120_000_000 });
    createHash('sha256').update(r.rendered.display).digest('hex');
    createHash('sha256').update(r.rendered.thumb).digest('hex');
  };
  // Warm both paths (fonts, libheif/WASM is not needed for JPEG, JIT) on a few images first.
  await timed(jpegs.slice(0, 4), concurrency, (b) => resizeOnly(b));
  await timed(jpegs.slice(0, 4), concurrency, pipeline);
  // Alternate halves so background load on the shared machine hits both alike.
  const half = Math.ceil(count / 2);
  const r1 = await timed(jpegs.slice(0, half), concurrency, (b) => resizeOnly(b));
  const p1 = await timed(jpegs.slice(0, half), concurrency, pipeline);
  const p2 = await timed(jpegs.slice(half), concurrency, (b, i) => pipeline(b, i + half));
  const r2 = await timed(jpegs.slice(half), concurrency, (b) => resizeOnly(b));
  const figures = (label: string, a: { ms: number[]; wallMs: number }, b: { ms: number[]; wallMs: number }) => {
    const all = [...a.ms, ...b.ms].sort((x, y) => x - y);
    return { label, p50: pct(all, 50), p99: pct(all, 99), perSecond: (all.length / (a.wallMs + b.wallMs)) * 1000 };
  };
  const rows = [figures('resize only (sharp)', r1, r2), figures('photo pipeline', p1, p2)];
  const f = (n: number) => n.toFixed(0).padStart(9);
  process.stdout.write(`\nbench:photos — ${count} JPEGs ${width}×${height} (avg ${mb.toFixed(1)} MB), ${concurrency} in flight, sharp concurrency ${sharp.concurrency()}, load avg ${loadavg()[0].toFixed(2)}\n`);
  process.stdout.write(`${'run'.padEnd(22)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'photos/s'.padStart(10)}\n`);
  for (const r of rows) process.stdout.write(`${r.label.padEnd(22)}${f(r.p50)}${f(r.p99)}${r.perSecond.toFixed(2).padStart(10)}\n`);
  const ratio = rows[1].p50 / rows[0].p50;
  process.stdout.write(`\npipeline p50 / resize-only p50 = ${ratio.toFixed(2)} (target ≤ 1.30: ${ratio <= 1.3 ? 'MET' : 'NOT MET'})\n`);
}

main().catch((err) => {
  process.stderr.write(`bench:photos failed: ${(err as Error).stack}\n`);
  process.exit(1);
});
