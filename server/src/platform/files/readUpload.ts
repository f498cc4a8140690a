import Busboy from 'busboy';
import getRawBody from 'raw-body';
import { AppError } from '../errors';
import type { AppContext } from '../http/koaTypes';

/**
 * Reads an upload: a raw body (`Content-Type: image/*` or `application/pdf`) or multipart/form-data
 * with one file field (what wx.uploadFile sends). Stops reading at `limit` bytes with a 413. What
 * the bytes really are is checked by whoever stores them.
 */
export async function readUpload(ctx: AppContext, limit: number): Promise<{ bytes: Buffer; filename: string | null; fields: Record<string, string> }> {
  const type = ctx.get('content-type');
  const declared = Number(ctx.get('content-length') || '0');
  if (declared > limit) throw new AppError('payload_too_large', `Upload larger than ${limit} bytes`);
  if (type.startsWith('multipart/form-data')) return readMultipart(ctx, limit);
  if (!type.startsWith('image/') && type !== 'application/pdf' && type !== 'application/octet-stream') {
    throw new AppError('unsupported_media_type', 'Send the file as the body (image/* or application/pdf) or as multipart/form-data');
  }
  try {
    return { bytes: await getRawBody(ctx.req, { limit }), filename: null, fields: {} };
  } catch (err) {
    if ((err as { type?: string }).type === 'entity.too.large') throw new AppError('payload_too_large', `Upload larger than ${limit} bytes`);
    throw err;
  }
}

function readMultipart(ctx: AppContext, limit: number): Promise<{ bytes: Buffer; filename: string | null; fields: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    let bb: Busboy.Busboy;
    try {
      bb = Busboy({ headers: ctx.req.headers, limits: { files: 1, fileSize: limit, fields: 20, fieldSize: 4096 } });
    } catch {
      reject(new AppError('validation_failed', 'Invalid multipart body', { fields: [{ field: 'body', message: 'multipart' }] }));
      return;
    }
    const fields: Record<string, string> = {};
    let file: { bytes: Buffer; filename: string | null } | null = null;
    let tooLarge = false;
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        tooLarge = true;
      });
      stream.on('end', () => {
        file = { bytes: Buffer.concat(chunks), filename: info.filename ?? null };
      });
    });
    bb.on('error', () => reject(new AppError('validation_failed', 'Invalid multipart body', { fields: [{ field: 'body', message: 'multipart' }] })));
    bb.on('close', () => {
      if (tooLarge) return reject(new AppError('payload_too_large', `Upload larger than ${limit} bytes`));
      if (!file) return reject(new AppError('validation_failed', 'Invalid body.file: no file in the form', { fields: [{ field: 'body.file', message: 'missing' }] }));
      resolve({ ...file, fields });
    });
    ctx.req.pipe(bb);
  });
}
