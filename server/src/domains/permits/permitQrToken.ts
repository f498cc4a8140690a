import QRCode from 'qrcode';
import sharp from 'sharp';
import { deriveKey, signToken, verifyToken } from '../../platform/auth/sessionTokens';

/** Claims of a permit check-in QR token. */
export interface PermitQrClaims {
  /** purpose marker, so no other signed token is ever accepted here */
  k: 'permit-qr';
  /** plant id */
  p: string;
  /** permit id */
  i: string;
  /** issued at / expires at, epoch seconds */
  iat: number;
  exp: number;
}

/** Why a QR token was refused (messages: permits.qr.<reason>). */
export type QrRefusal = 'malformed' | 'bad_signature' | 'expired' | 'wrong_permit';

/** The QR key: derived from the app secret (env), so tokens survive restarts and work on every instance. */
const qrKey = (appSecret: string): Buffer => deriveKey(appSecret, 'permit-qr');

/** Signs a check-in token for one permit, valid until `expiresAt` (the end of the permit window). */
export function issuePermitQrToken(appSecret: string, input: { plantId: string; permitId: string; now: Date; expiresAt: Date }): string {
  const claims: PermitQrClaims = {
    k: 'permit-qr',
    p: input.plantId,
    i: input.permitId,
    iat: Math.floor(input.now.getTime() / 1000),
    exp: Math.floor(input.expiresAt.getTime() / 1000),
  };
  return signToken(qrKey(appSecret), claims);
}

/**
 * Verifies a scanned token: signature (timing-safe), purpose, plant and permit, expiry. An altered
 * token fails the signature; a token of another permit fails as wrong_permit.
 */
export function verifyPermitQrToken(
  appSecret: string,
  token: string,
  expect: { plantId: string; permitId: string; now: Date },
): { ok: true; claims: PermitQrClaims } | { ok: false; reason: QrRefusal } {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return { ok: false, reason: 'malformed' };
  const claims = verifyToken<PermitQrClaims>(qrKey(appSecret), token);
  if (!claims) return { ok: false, reason: 'bad_signature' };
  if (claims.k !== 'permit-qr' || typeof claims.exp !== 'number') return { ok: false, reason: 'malformed' };
  if (claims.p !== expect.plantId || claims.i !== expect.permitId) return { ok: false, reason: 'wrong_permit' };
  if (claims.exp * 1000 <= expect.now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/** The URL a scan opens: the H5 check-in page of the permit, carrying the token. */
export function checkInUrl(publicUrl: string, permitId: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/m/permits/${permitId}/check-in?t=${encodeURIComponent(token)}`;
}

/**
 * Renders text as a QR code PNG (error correction M, large enough to scan from a printed form).
 * qrcode lays out the modules as SVG and sharp rasterises it: qrcode's own PNG encoder is pure JS
 * and takes seconds under load, sharp milliseconds.
 */
export async function renderQrPng(text: string, widthPx = 360): Promise<Buffer> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: widthPx });
  return sharp(Buffer.from(svg)).png().toBuffer();
}
