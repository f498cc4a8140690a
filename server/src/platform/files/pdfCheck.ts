import { PDFDocument } from 'pdf-lib';
import { AppError } from '../errors';

export const PDF_MIME = 'application/pdf';

/** A PDF starts with `%PDF-` (some writers put a few bytes of junk first; readers allow 1 KB). */
export function looksLikePdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).includes('%PDF-');
}

/**
 * Parses a PDF and returns its page count; a document that does not parse, has no pages or is
 * encrypted is refused (415 / 400): an inspector must be able to open what the record links.
 */
export async function pdfPageCount(bytes: Buffer): Promise<number> {
  let pages: number;
  let encrypted: boolean;
  try {
    // Loaded even when encrypted, to tell that case apart (pdf-lib's own EncryptedPDFError is not
    // an instance of its class once compiled to ES5, so it cannot be caught by type).
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true, ignoreEncryption: true });
    encrypted = doc.isEncrypted;
    pages = encrypted ? 0 : doc.getPageCount();
  } catch {
    throw new AppError('unsupported_media_type', 'The PDF could not be read (damaged or not a PDF)', { reason: 'pdf_unreadable' });
  }
  if (encrypted) {
    throw new AppError('validation_failed', 'Invalid body: the PDF is encrypted or password-protected; upload an unprotected copy', { fields: [{ field: 'body', message: 'encrypted PDF' }] });
  }
  if (pages === 0) throw new AppError('validation_failed', 'Invalid body: the PDF has no pages', { fields: [{ field: 'body', message: 'no pages' }] });
  return pages;
}
