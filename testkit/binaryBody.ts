import type { Response } from 'supertest';

/** A supertest `.parse()` that keeps the response body as raw bytes (PDFs, spreadsheets, images). */
export function binaryBody(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
