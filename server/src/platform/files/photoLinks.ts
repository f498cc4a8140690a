import { deriveKey, signToken, verifyToken } from '../auth/sessionTokens';

/**
 * Signed links to a photo's display copy (watermarked, EXIF stripped) that open without a login,
 * for documents that leave the system: the hazard ledger an inspector opens in Excel. The link
 * names one file of one plant and expires; the original (with its GPS EXIF) is never shared this way.
 */
interface PhotoLinkClaims {
  /** purpose marker, so no other signed token is accepted here */
  k: 'photo-link';
  p: string;
  f: string;
  exp: number;
}

const keyOf = (appSecret: string): Buffer => deriveKey(appSecret, 'photo-link');

/** Why a link was refused. */
export type PhotoLinkRefusal = 'bad_link' | 'expired';

/** Path (after the public URL) of a signed display-copy link. */
export function signedPhotoPath(appSecret: string, input: { plantId: string; fileId: string; expiresAt: Date }): string {
  const claims: PhotoLinkClaims = { k: 'photo-link', p: input.plantId, f: input.fileId, exp: Math.floor(input.expiresAt.getTime() / 1000) };
  return `/shared/photos/${input.fileId}?t=${encodeURIComponent(signToken(keyOf(appSecret), claims))}`;
}

/** Checks a link's token for this file; the plant comes from the token. */
export function verifyPhotoLink(appSecret: string, token: string, fileId: string, now: Date): { ok: true; plantId: string } | { ok: false; reason: PhotoLinkRefusal } {
  const claims = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token) ? verifyToken<PhotoLinkClaims>(keyOf(appSecret), token) : null;
  if (!claims || claims.k !== 'photo-link' || claims.f !== fileId || typeof claims.p !== 'string' || typeof claims.exp !== 'number') return { ok: false, reason: 'bad_link' };
  if (claims.exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, plantId: claims.p };
}
