import PDFDocument from 'pdfkit';
import { t } from '../../../../cards/src/i18n/catalogue';
import type { CjkFont } from './cjkFont';
import type { PermitPdfData } from './permitPdfData';

type Doc = PDFKit.PDFDocument;

const M = 36; // page margin (pt)
const W = 595.28 - 2 * M; // A4 content width
const BOTTOM = 841.89 - M - 18; // leave room for the footer
const LINE = '#333333';

/** Level band colours (B.1: permits of graded types are visually distinguished by level). */
const LEVEL_COLOURS: Record<string, string> = { special: '#c62828', L1: '#ef6c00', L2: '#1565c0', I: '#2e7d32', II: '#1565c0', III: '#ef6c00', IV: '#c62828', L3: '#2e7d32' };

function ensure(doc: Doc, h: number): void {
  if (doc.y + h > BOTTOM) doc.addPage();
}

function heading(doc: Doc, text: string): void {
  ensure(doc, 30);
  doc.moveDown(0.4).fontSize(10.5).fillColor('#000').text(text, M, doc.y, { width: W });
  doc.moveTo(M, doc.y + 1).lineTo(M + W, doc.y + 1).strokeColor(LINE).lineWidth(0.6).stroke();
  doc.moveDown(0.3);
}

/** A bordered table; each row is as tall as its tallest cell, and rows never split across pages. */
function table(doc: Doc, widths: number[], rows: string[][], opts: { header?: string[]; size?: number } = {}): void {
  const size = opts.size ?? 8.5;
  doc.fontSize(size);
  const all = opts.header ? [opts.header, ...rows] : rows;
  all.forEach((row, r) => {
    const heights = row.map((cell, i) => doc.heightOfString(cell || ' ', { width: widths[i] - 6 }));
    const h = Math.max(...heights) + 6;
    ensure(doc, h);
    const y = doc.y;
    let x = M;
    row.forEach((cell, i) => {
      if (r === 0 && opts.header) doc.rect(x, y, widths[i], h).fillAndStroke('#eeeeee', LINE);
      else doc.rect(x, y, widths[i], h).strokeColor(LINE).lineWidth(0.5).stroke();
      doc.fillColor('#000').text(cell || ' ', x + 3, y + 3, { width: widths[i] - 6 });
      x += widths[i];
    });
    doc.x = M;
    doc.y = y + h;
  });
}

function lines(doc: Doc, items: string[], none: string): void {
  doc.fontSize(8.5).fillColor('#000');
  for (const line of items.length ? items : [none]) {
    ensure(doc, 14);
    doc.text(line, M, doc.y, { width: W });
  }
}

function header(doc: Doc, d: PermitPdfData): void {
  const colour = LEVEL_COLOURS[d.level] ?? '#455a64';
  doc.rect(M, M, W, 6).fill(colour);
  doc.fillColor('#000').fontSize(10).text(d.plantName, M, M + 14, { width: W - 110 });
  doc.fontSize(17).text(d.title, M, M + 30, { width: W - 110 });
  doc.fontSize(9).text(`${t(d.locale, 'permits.pdf.code')}：${d.code}    ${t(d.locale, 'permits.pdf.level')}：${d.levelName}    ${t(d.locale, 'permits.pdf.status')}：${d.statusName}`, M, M + 56, { width: W - 110 });
  if (d.qrPng) {
    doc.image(d.qrPng, M + W - 96, M + 12, { width: 92 });
    doc.fontSize(7).text(t(d.locale, 'permits.pdf.qr'), M + W - 96, M + 106, { width: 92, align: 'center' });
  }
  doc.x = M;
  doc.y = M + 122;
}

/**
 * Prints a permit in the layout of GB 30871-2022 Appendix A: the form fields, the risk analysis,
 * gas samples, the safety-measure checklist, every signature with its time to the minute and the
 * way it was given, the shift leader's check, check-ins, interruptions and holds, completion
 * acceptance, the process compliance rate, the QR code and the evidence-chain hashes.
 */
export function renderPermitPdf(d: PermitPdfData, font: CjkFont): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: M, bufferPages: true, info: { Title: `${d.title} ${d.code}`, Author: d.plantName, Creator: 'Anquan' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.path, font.family);
  doc.font('cjk');
  const none = t(d.locale, 'permits.pdf.none');
  header(doc, d);
  table(doc, [120, W - 120], d.fields.map(([k, v]) => [k, v]), { size: 9 });
  heading(doc, t(d.locale, 'permits.pdf.jsa'));
  lines(doc, d.jsa, none);
  heading(doc, t(d.locale, 'permits.pdf.gas'));
  if (d.gasTests.length) table(doc, [90, 80, 170, 60, W - 400], d.gasTests, { header: t(d.locale, 'permits.pdf.gas_head').split('|') });
  else lines(doc, [], none);
  heading(doc, t(d.locale, 'permits.pdf.checklist'));
  if (d.checklist.length) table(doc, [28, W - 28 - 60 - 40, 60, 40], d.checklist, { header: t(d.locale, 'permits.pdf.checklist_head').split('|'), size: 8 });
  lines(doc, [`${t(d.locale, 'permits.pdf.other_measures')}：${d.otherMeasures}`], none);
  heading(doc, t(d.locale, 'permits.pdf.approvals'));
  table(doc, [130, 80, 60, W - 130 - 80 - 60 - 90, 90], d.signatures, { header: t(d.locale, 'permits.pdf.approvals_head').split('|') });
  heading(doc, t(d.locale, 'permits.pdf.shift_check'));
  lines(doc, [d.shiftCheck], none);
  heading(doc, t(d.locale, 'permits.pdf.checkin'));
  lines(doc, d.checkIns, none);
  if (d.entries) {
    heading(doc, t(d.locale, 'permits.pdf.entries'));
    lines(doc, d.entries, none);
  }
  heading(doc, t(d.locale, 'permits.pdf.interruptions'));
  lines(doc, d.interruptions, none);
  heading(doc, t(d.locale, 'permits.pdf.acceptance'));
  lines(doc, [d.acceptance], none);
  heading(doc, t(d.locale, 'permits.pdf.compliance'));
  lines(doc, d.compliance, none);
  heading(doc, t(d.locale, 'permits.pdf.evidence'));
  table(doc, [30, 110, 80, W - 220], d.evidence, { size: 7 });
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // The footer sits in the bottom margin; without this pdfkit would start a new page for it.
    doc.page.margins.bottom = 0;
    doc.fontSize(7).fillColor('#666').text(t(d.locale, 'permits.pdf.generated', { at: d.generatedAt, page: i + 1, pages: range.count }), M, 841.89 - M - 8, { width: W, align: 'right', lineBreak: false });
  }
  doc.end();
  return done;
}
