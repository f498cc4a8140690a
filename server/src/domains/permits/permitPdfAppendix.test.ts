import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { appendAttachments } from './permitPdfAppendix';

const pdfWith = async (pages: number) => {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([300, 400]);
  return Buffer.from(await doc.save());
};
const image = (format: 'jpeg' | 'png' | 'webp', width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#c33' } })[format]().toBuffer();
const pagesOf = async (pdf: Buffer) => (await PDFDocument.load(pdf)).getPages().map((p) => p.getSize());

describe('appendAttachments', () => {
  it('leaves the form alone when nothing is attached', async () => {
    const form = await pdfWith(2);
    expect((await appendAttachments(form, [])).pdf).toBe(form);
  });

  it('copies a PDF\'s pages and gives each image an A4 page (landscape for a wide one), in order', async () => {
    const form = await pdfWith(2);
    const out = await appendAttachments(form, [
      { mime: 'application/pdf', bytes: await pdfWith(3) },
      { mime: 'image/jpeg', bytes: await image('jpeg', 2000, 1000) },
      { mime: 'image/png', bytes: await image('png', 100, 300) },
      { mime: 'image/webp', bytes: await image('webp', 50, 50) },
    ]);
    expect([out.appendedPages, out.skipped]).toEqual([6, 0]);
    const sizes = await pagesOf(out.pdf);
    expect(sizes).toHaveLength(8);
    expect(sizes.slice(0, 5).every((s) => s.width === 300 && s.height === 400)).toBe(true);
    expect(sizes[5].width).toBeGreaterThan(sizes[5].height); // the wide scan
    expect(sizes[6].width).toBeLessThan(sizes[6].height);
  });

  it('skips an image no decoder reads and says so', async () => {
    const out = await appendAttachments(await pdfWith(1), [{ mime: 'image/heic', bytes: Buffer.from('not really an image') }]);
    expect([out.appendedPages, out.skipped, (await pagesOf(out.pdf)).length]).toEqual([0, 1, 1]);
  });
});
