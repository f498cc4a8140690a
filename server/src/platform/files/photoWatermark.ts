import { t, type Locale } from '../../../../cards/src/i18n/catalogue';
import type { PhotoContext } from './photoTypes';
import { formatPlantMinute } from './photoTime';

/** Font stack for the stamp; Noto Sans CJK (fonts-noto-cjk) renders the Chinese text. */
export const WATERMARK_FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'WenQuanYi Zen Hei', 'Droid Sans Fallback', sans-serif";

/**
 * The two lines stamped on a display copy: when and where, then which report and who.
 * A missing code (photo not attached yet) and an off-site fix are said in words. Pure.
 */
export function watermarkLines(ctx: PhotoContext, opts: { timezone: string; locale: Locale }): [string, string] {
  const when = formatPlantMinute(new Date(ctx.capturedAt), opts.timezone);
  const place: string[] = [];
  if (ctx.placeLabel) place.push(ctx.placeLabel);
  else if (ctx.outsidePlant) place.push(t(opts.locale, 'miniprogram.photo.outside_plant'));
  if (ctx.fix) place.push(`${ctx.fix.lat.toFixed(5)}, ${ctx.fix.lng.toFixed(5)} ${ctx.fix.datum}`);
  if (!place.length) place.push(t(opts.locale, 'miniprogram.photo.no_place'));
  const code = ctx.code ?? t(opts.locale, 'miniprogram.photo.code_pending');
  const who = ctx.personName ?? '—';
  return [`${when} · ${place.join(' · ')}`, `${code} · ${who}`];
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

/**
 * An SVG band as wide as the photo, to lay over its bottom edge: translucent black with white
 * text sized to the width, so the stamp stays legible on a phone and in a card. Pure.
 */
export function watermarkSvg(lines: readonly string[], width: number): { svg: string; height: number } {
  // Shrink the font on narrow photos so the longest line still fits (CJK ≈ 1 em, Latin ≈ 0.56 em).
  const ems = Math.max(1, ...lines.map((l) => [...l].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e7f ? 1 : 0.56), 0)));
  const fontSize = Math.max(8, Math.min(Math.round(width / 46), Math.floor((width * 0.94) / ems)));
  const lineHeight = Math.round(fontSize * 1.4);
  const pad = Math.round(fontSize * 0.6);
  const height = pad * 2 + lineHeight * lines.length;
  const texts = lines
    .map((line, i) => `<text x="${pad}" y="${pad + lineHeight * i + fontSize}" font-size="${fontSize}">${escapeXml(line)}</text>`)
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="#000" fill-opacity="0.45"/>` +
    `<g fill="#fff" font-family="${escapeXml(WATERMARK_FONT)}">${texts}</g></svg>`;
  return { svg, height };
}

/**
 * Alpha-blends an RGBA band over the bottom rows of an RGB image, in place. Done here rather
 * than with sharp's composite, which converts the whole photo to float and costs more than the
 * resize itself.
 */
export function blendBandInPlace(rgb: Buffer, width: number, height: number, band: Buffer, bandWidth: number, bandHeight: number): void {
  const rows = Math.min(height, bandHeight);
  const cols = Math.min(width, bandWidth);
  const top = height - rows;
  for (let y = 0; y < rows; y++) {
    let d = ((top + y) * width) * 3;
    let s = (bandHeight - rows + y) * bandWidth * 4;
    for (let x = 0; x < cols; x++, d += 3, s += 4) {
      const a = band[s + 3];
      if (a === 0) continue;
      const ia = 255 - a;
      rgb[d] = (band[s] * a + rgb[d] * ia + 127) / 255;
      rgb[d + 1] = (band[s + 1] * a + rgb[d + 1] * ia + 127) / 255;
      rgb[d + 2] = (band[s + 2] * a + rgb[d + 2] * ia + 127) / 255;
    }
  }
}
