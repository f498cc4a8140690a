import type { PermitStatus } from '../../generated/statusNames';

/** A permit as GET /api/permits/:id answers it (the fields the pages use). */
export interface PermitView {
  id: string;
  code: string;
  status: PermitStatus;
  workType?: string;
  area?: { key: string; name?: string | null } | null;
  version?: number;
  [key: string]: unknown;
}

/** The permit id and token in a scanned check-in QR (`…/m/permits/<id>/check-in?t=<token>`); null if it is not one. */
export function parseCheckInQr(text: string): { permitId: string; token: string } | null {
  const m = /\/m\/permits\/([0-9a-f-]{36})\/check-in\?(?:.*&)?t=([^&#]+)/i.exec(text.trim());
  if (!m) return null;
  try {
    return { permitId: m[1].toLowerCase(), token: decodeURIComponent(m[2]) };
  } catch {
    return null;
  }
}
