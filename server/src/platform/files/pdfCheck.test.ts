import PDFKit from 'pdfkit';
import { PDFDocument } from 'pdf-lib';
import { AppError } from '../errors';
import { looksLikePdf, pdfPageCount } from './pdfCheck';

/** A PDF written by pdfkit (a different writer than the one that reads it), optionally password-protected. */
function pdfkitPdf(options: PDFKit.PDFDocumentOptions = {}): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFKit(options);
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text('动火作业方案');
    doc.addPage().text('page 2');
    doc.addPage().text('page 3');
    doc.end();
  });
}

const refusal = async (bytes: Buffer) => {
  try {
    await pdfPageCount(bytes);
  } catch (err) {
    return { code: (err as AppError).code, message: (err as AppError).message };
  }
  throw new Error('not refused');
};

describe('pdfCheck', () => {
  it('reads the page count of a real PDF', async () => {
    const pdf = await pdfkitPdf();
    expect(looksLikePdf(pdf)).toBe(true);
    expect(await pdfPageCount(pdf)).toBe(3);
  });

  it('refuses an encrypted PDF with a reason an uploader can act on', async () => {
    const locked = await pdfkitPdf({ userPassword: 'secret', ownerPassword: 'owner', pdfVersion: '1.7' });
    expect(await refusal(locked)).toEqual({ code: 'validation_failed', message: expect.stringContaining('encrypted') });
  });

  it('refuses a damaged PDF (header only, truncated) as unreadable', async () => {
    const pdf = await pdfkitPdf();
    expect(await refusal(Buffer.from('%PDF-1.7\n%%EOF\n'))).toMatchObject({ code: 'unsupported_media_type' });
    expect(await refusal(pdf.subarray(0, 200))).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('refuses a PDF without pages', async () => {
    const empty = Buffer.from(await (await PDFDocument.create()).save({ addDefaultPage: false }));
    expect(await refusal(empty)).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('no pages') });
  });

  it('an image is not a PDF', () => {
    expect(looksLikePdf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe(false);
  });
});
