import { PDFDocument, PageSizes } from 'pdf-lib';
import sharp from 'sharp';
import { PDF_MIME } from '../../platform/files/pdfCheck';

/** One attached file (a work plan, a blind-plate diagram) as stored. */
export interface Attachment {
  mime: string;
  bytes: Buffer;
}

const MARGIN = 36;

/** JPEG and PNG embed as they are; other images (WebP, HEIC) are re-encoded; null when they cannot be decoded. */
async function embeddable(a: Attachment): Promise<{ kind: 'jpg' | 'png'; bytes: Buffer } | null> {
  if (a.mime === 'image/jpeg') return { kind: 'jpg', bytes: a.bytes };
  if (a.mime === 'image/png') return { kind: 'png', bytes: a.bytes };
  try {
    return { kind: 'jpg', bytes: await sharp(a.bytes).rotate().jpeg({ quality: 85 }).toBuffer() };
  } catch {
    return null;
  }
}

/**
 * Appends the attached documents to the permit form, in order, so one file holds everything an
 * inspector needs: a PDF's pages are copied as they are; an image gets its own A4 page, scaled to
 * fit. Returns the pages appended and the attachments that could not be (an image no decoder
 * reads); the form itself already lists the attachments, so a skipped one is still named there.
 */
export async function appendAttachments(formPdf: Buffer, attachments: readonly Attachment[]): Promise<{ pdf: Buffer; appendedPages: number; skipped: number }> {
  if (attachments.length === 0) return { pdf: formPdf, appendedPages: 0, skipped: 0 };
  const out = await PDFDocument.load(formPdf, { updateMetadata: false });
  let appendedPages = 0;
  let skipped = 0;
  for (const a of attachments) {
    if (a.mime === PDF_MIME) {
      const src = await PDFDocument.load(a.bytes, { updateMetadata: false });
      for (const page of await out.copyPages(src, src.getPageIndices())) out.addPage(page);
      appendedPages += src.getPageCount();
      continue;
    }
    const img = await embeddable(a);
    if (!img) {
      skipped += 1;
      continue;
    }
    const image = img.kind === 'jpg' ? await out.embedJpg(img.bytes) : await out.embedPng(img.bytes);
    const landscape = image.width > image.height;
    const [w, h] = landscape ? [PageSizes.A4[1], PageSizes.A4[0]] : PageSizes.A4;
    const page = out.addPage([w, h]);
    const scale = Math.min((w - 2 * MARGIN) / image.width, (h - 2 * MARGIN) / image.height, 1);
    const [iw, ih] = [image.width * scale, image.height * scale];
    page.drawImage(image, { x: (w - iw) / 2, y: (h - ih) / 2, width: iw, height: ih });
    appendedPages += 1;
  }
  return { pdf: Buffer.from(await out.save()), appendedPages, skipped };
}
