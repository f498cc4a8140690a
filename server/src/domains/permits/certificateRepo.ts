import { randomUUID } from 'node:crypto';
import type { Queryable, Tx } from '../../platform/db/db';
import type { CertificateRecord } from './certificateRules';
import type { CertificateType } from './permitModel';

/** SQL of the personnel certificate registry. Dates are plant-local calendar dates (date columns). */

/** A registry row as the API shows it. */
export interface CertificateRow extends CertificateRecord {
  id: string;
  issuer: string | null;
  revokedAt: Date | null;
  updatedAt: Date;
}

interface Row {
  id: string; holder_id: string; type: string; number: string; issued_on: string; expires_on: string; next_review_on: string | null;
  issuer: string | null; revoked_at: Date | null; updated_at: Date;
}

// Dates come back as text so no time zone shifts them (PGlite and node-postgres alike).
const SELECT = `SELECT id, holder_id, type, number, issued_on::text AS issued_on, expires_on::text AS expires_on,
  next_review_on::text AS next_review_on, issuer, revoked_at, updated_at FROM certificates`;

const fromRow = (r: Row): CertificateRow => ({
  id: r.id, holderId: r.holder_id, type: r.type as CertificateType, number: r.number, issuedOn: r.issued_on, expiresOn: r.expires_on,
  nextReviewOn: r.next_review_on, issuer: r.issuer, revokedAt: r.revoked_at ? new Date(r.revoked_at) : null, updatedAt: new Date(r.updated_at),
});

/** Unrevoked certificates of some people (the rules read these). */
export async function certificatesOf(q: Queryable, plantId: string, holderIds: string[]): Promise<CertificateRow[]> {
  if (holderIds.length === 0) return [];
  const r = await q.query<Row>(`${SELECT} WHERE plant_id = $1 AND holder_id::text = ANY($2) AND revoked_at IS NULL ORDER BY expires_on`, [plantId, holderIds]);
  return r.rows.map(fromRow);
}

/** The registry of a plant (optionally one holder), soonest expiry first. */
export async function listCertificates(q: Queryable, plantId: string, opts: { holderId?: string; includeRevoked?: boolean } = {}): Promise<CertificateRow[]> {
  const params: unknown[] = [plantId];
  let where = 'plant_id = $1';
  if (opts.holderId) {
    params.push(opts.holderId);
    where += ` AND holder_id = $${params.length}`;
  }
  if (!opts.includeRevoked) where += ' AND revoked_at IS NULL';
  const r = await q.query<Row>(`${SELECT} WHERE ${where} ORDER BY expires_on, number LIMIT 2000`, params);
  return r.rows.map(fromRow);
}

/** Creates or updates a certificate by (type, number); returns whether it was new. */
export async function upsertCertificate(tx: Tx, plantId: string, c: CertificateRecord & { issuer?: string | null }, now: Date): Promise<{ id: string; created: boolean }> {
  const r = await tx.query<{ id: string; created: boolean }>(
    `INSERT INTO certificates (id, plant_id, holder_id, type, number, issued_on, expires_on, next_review_on, issuer, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
     ON CONFLICT (plant_id, type, number) DO UPDATE SET holder_id = EXCLUDED.holder_id, issued_on = EXCLUDED.issued_on,
       expires_on = EXCLUDED.expires_on, next_review_on = EXCLUDED.next_review_on, issuer = EXCLUDED.issuer, revoked_at = NULL, updated_at = EXCLUDED.updated_at
     RETURNING id, (xmax = 0) AS created`,
    [randomUUID(), plantId, c.holderId, c.type, c.number, c.issuedOn, c.expiresOn, c.nextReviewOn, c.issuer ?? null, now],
  );
  return r.rows[0];
}

/** Revokes a certificate (it no longer counts for any permit). */
export async function revokeCertificate(tx: Tx, plantId: string, id: string, now: Date): Promise<boolean> {
  const r = await tx.query('UPDATE certificates SET revoked_at = $3, updated_at = $3 WHERE plant_id = $1 AND id = $2 AND revoked_at IS NULL', [plantId, id, now]);
  return r.rowCount > 0;
}
