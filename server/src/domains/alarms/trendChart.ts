import sharp from 'sharp';
import { TrendPoint } from './alarmTypes';

/** Presentation options of a trend chart; all optional. */
export interface TrendChartOptions {
  width?: number;
  height?: number;
  /** Caption at the top left. CJK text needs a CJK font on the host (e.g. fonts-noto-cjk). */
  title?: string;
  unit?: string;
  /** IANA zone for the time labels (default Asia/Shanghai). */
  timezone?: string;
  /** Colour of the value line (default dark blue). */
  lineColor?: string;
}

const FONT = "DejaVu Sans, 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif";
const PAD = { left: 46, right: 12, top: 22, bottom: 22 };

/**
 * Renders recent readings as a small SVG line chart with the alarm limit as a dashed red line,
 * min/max value labels and start/end times. Pure: same input, same string.
 */
export function renderTrendSvg(points: readonly TrendPoint[], limit: number | null, opts: TrendChartOptions = {}): string {
  const W = opts.width ?? 480;
  const H = opts.height ?? 160;
  const unit = opts.unit ? ` ${opts.unit}` : '';
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="#f7f8fa" stroke="#d0d4da"/>`,
  ];
  if (opts.title) parts.push(text(PAD.left, 15, opts.title, { weight: 'bold' }));
  const finite = points.filter((p) => Number.isFinite(p.v) && Number.isFinite(p.t));
  if (!finite.length) {
    parts.push(text(W / 2, PAD.top + plotH / 2 + 4, 'no data', { anchor: 'middle', fill: '#888' }), '</svg>');
    return parts.join('');
  }
  const values = finite.map((p) => p.v);
  if (limit !== null && Number.isFinite(limit)) values.push(limit);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const span = hi - lo || Math.abs(hi) || 1;
  lo -= span * 0.1;
  hi += span * 0.1;
  const t0 = finite[0].t;
  const t1 = finite[finite.length - 1].t;
  const x = (t: number) => PAD.left + (t1 === t0 ? plotW : ((t - t0) / (t1 - t0)) * plotW);
  const y = (v: number) => PAD.top + (1 - (v - lo) / (hi - lo)) * plotH;

  const path = finite.map((p, i) => `${i ? 'L' : 'M'}${r(x(p.t))},${r(y(p.v))}`).join(' ');
  parts.push(`<path d="${path}" fill="none" stroke="${opts.lineColor ?? '#1f4e8c'}" stroke-width="1.6" stroke-linejoin="round"/>`);
  const last = finite[finite.length - 1];
  parts.push(`<circle cx="${r(x(last.t))}" cy="${r(y(last.v))}" r="2.5" fill="${opts.lineColor ?? '#1f4e8c'}"/>`);
  if (limit !== null && Number.isFinite(limit)) {
    const ly = y(limit);
    parts.push(`<line x1="${PAD.left}" y1="${r(ly)}" x2="${W - PAD.right}" y2="${r(ly)}" stroke="#d62728" stroke-width="1.2" stroke-dasharray="5,3"/>`);
    // Left end: the newest values (right end) are the part people look at.
    parts.push(text(PAD.left + 4, ly - 3, `${num(limit)}${unit}`, { fill: '#d62728' }));
  }
  parts.push(text(W - PAD.right, 15, `${num(last.v)}${unit}`, { anchor: 'end', weight: 'bold' }));
  parts.push(text(PAD.left - 4, PAD.top + 9, num(hi), { anchor: 'end', fill: '#555' }));
  parts.push(text(PAD.left - 4, PAD.top + plotH, num(lo), { anchor: 'end', fill: '#555' }));
  const tz = opts.timezone ?? 'Asia/Shanghai';
  parts.push(text(PAD.left, H - 6, clock(t0, tz), { fill: '#555' }));
  parts.push(text(W - PAD.right, H - 6, clock(t1, tz), { anchor: 'end', fill: '#555' }));
  parts.push('</svg>');
  return parts.join('');
}

/** Rasterises a trend SVG to PNG (for chat cards that take images only). */
export async function trendPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg, 'utf8')).png({ compressionLevel: 9 }).toBuffer();
}

function text(xp: number, yp: number, s: string, o: { anchor?: 'start' | 'middle' | 'end'; fill?: string; weight?: 'bold' } = {}): string {
  const attrs = [`x="${r(xp)}"`, `y="${r(yp)}"`, `fill="${o.fill ?? '#222'}"`];
  if (o.anchor && o.anchor !== 'start') attrs.push(`text-anchor="${o.anchor}"`);
  if (o.weight) attrs.push(`font-weight="${o.weight}"`);
  return `<text ${attrs.join(' ')}>${escapeXml(s)}</text>`;
}

/** Escapes the five XML specials so a tag label cannot break (or inject into) the SVG. */
export function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);
}

function r(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

function num(v: number): string {
  return Number(v.toPrecision(4)).toString();
}

function clock(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(ms));
}
