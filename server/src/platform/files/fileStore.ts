import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where original bytes live, addressed by their sha256. */
export interface BlobStore {
  /** Stores bytes (idempotent: the same content is written once) and returns their sha256. */
  put(bytes: Buffer): Promise<string>;
  /** Reads bytes back; throws ENOENT when unknown. */
  get(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
}

/** sha256 hex of bytes. */
export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Content-addressed files under `DATA_DIR/files/ab/cd/<sha256>`. Writes go to a temporary name
 * and are renamed into place, so a crash never leaves a half-written original.
 */
export class DiskBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(sha: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new Error('not a sha256');
    return join(this.root, sha.slice(0, 2), sha.slice(2, 4), sha);
  }

  async put(bytes: Buffer): Promise<string> {
    const sha = sha256Hex(bytes);
    const path = this.pathOf(sha);
    if (await this.has(sha)) return sha;
    await mkdir(join(this.root, sha.slice(0, 2), sha.slice(2, 4)), { recursive: true });
    const tmp = `${path}.${randomUUID()}.tmp`;
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, path);
    return sha;
  }

  async get(sha256: string): Promise<Buffer> {
    return readFile(this.pathOf(sha256));
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await stat(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }
}
