import sharp from 'sharp';
import { SessionTokens } from '../../platform/auth/sessionTokens';
import { checkInUrl, issuePermitQrToken, renderQrPng, verifyPermitQrToken } from './permitQrToken';

const SECRET = 'qr-test-secret-qr-test-secret-0123456789';
const now = new Date('2027-03-09T02:00:00Z');
const ids = { plantId: 'jiangning-fine-chem', permitId: '11111111-2222-4333-8444-555555555555' };
const issue = (expiresAt = new Date(now.getTime() + 4 * 3_600_000)) => issuePermitQrToken(SECRET, { ...ids, now, expiresAt });

describe('permit QR token', () => {
  it('verifies a fresh token for its own permit', () => {
    const r = verifyPermitQrToken(SECRET, issue(), { ...ids, now });
    expect(r).toMatchObject({ ok: true, claims: { k: 'permit-qr', p: ids.plantId, i: ids.permitId } });
  });

  it.each([
    ['expired', () => verifyPermitQrToken(SECRET, issue(new Date(now.getTime() - 1000)), { ...ids, now }), 'expired'],
    ['expires exactly now', () => verifyPermitQrToken(SECRET, issue(now), { ...ids, now }), 'expired'],
    ['another permit', () => verifyPermitQrToken(SECRET, issue(), { ...ids, permitId: '99999999-2222-4333-8444-555555555555', now }), 'wrong_permit'],
    ['another plant', () => verifyPermitQrToken(SECRET, issue(), { ...ids, plantId: 'other', now }), 'wrong_permit'],
    ['another secret (another deployment)', () => verifyPermitQrToken(`${SECRET}x`, issue(), { ...ids, now }), 'bad_signature'],
    ['garbage', () => verifyPermitQrToken(SECRET, 'not a token', { ...ids, now }), 'malformed'],
  ])('refuses a token: %s', (_name, run, reason) => {
    expect(run()).toEqual({ ok: false, reason });
  });

  it('refuses an altered payload (later expiry) and an altered signature', () => {
    const [payload, sig] = issue().split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const longer = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86_400 })).toString('base64url');
    expect(verifyPermitQrToken(SECRET, `${longer}.${sig}`, { ...ids, now })).toEqual({ ok: false, reason: 'bad_signature' });
    const flipped = sig[0] === 'A' ? `B${sig.slice(1)}` : `A${sig.slice(1)}`;
    expect(verifyPermitQrToken(SECRET, `${payload}.${flipped}`, { ...ids, now })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('never accepts a session token (purpose-bound keys)', () => {
    const session = new SessionTokens(SECRET, 3600, () => now).issue(ids.plantId, ids.permitId, 'sandbox').token;
    expect(verifyPermitQrToken(SECRET, session, { ...ids, now }).ok).toBe(false);
  });

  it('renders the check-in URL as a scannable-size PNG', async () => {
    const url = checkInUrl('https://ehs.example.com/', ids.permitId, issue());
    expect(url).toMatch(/^https:\/\/ehs\.example\.com\/m\/permits\/11111111-2222-4333-8444-555555555555\/check-in\?t=/);
    const png = await renderQrPng(url);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const meta = await sharp(png).metadata();
    expect(meta.width).toBe(360);
  });
});
