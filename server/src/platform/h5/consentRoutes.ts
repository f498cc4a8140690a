import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorOf } from '../auth/principal';
import { appendEvidence } from '../evidence/evidenceChain';
import { AppError } from '../errors';
import { runCommand } from '../http/idempotency';
import type { ServerDeps } from '../serverDeps';

/** Version of the privacy notice text shown by the mini-program and the H5 pages. */
export const PRIVACY_NOTICE_VERSION = '2026-11-v1';

const ConsentBody = z.strictObject({
  noticeVersion: z.string().min(1).max(40),
  purposes: z.array(z.enum(['location', 'photos'])).min(1).max(2),
  granted: z.boolean(),
  channel: z.enum(['miniprogram', 'h5']),
  clientId: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/).optional(),
});

/**
 * PIPL consent: the first use shows a short notice for location and photos; the answer is kept
 * per person with the notice version, and each answer is an evidence event.
 */
export function registerConsentRoutes(deps: ServerDeps): void {
  const { api, db } = deps;

  api.route({
    method: 'post', path: '/api/consents', status: 201, idempotent: true, tags: ['privacy'],
    summary: 'Record the answer to the privacy notice (location, photos) for the signed-in person',
    body: ConsentBody,
    handler: async (ctx, { principal, body }) => {
      if (!principal.personId) throw new AppError('forbidden', 'Only a person can give consent', { reason: 'person_required' });
      return runCommand(db, ctx, principal, async (tx) => {
        const id = randomUUID();
        const now = deps.now();
        await tx.query(
          `INSERT INTO consent_records (id, plant_id, person_id, notice_version, purposes, granted, channel, client_id, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [id, principal.plantId, principal.personId, body.noticeVersion, body.purposes, body.granted, body.channel, body.clientId ?? null, now],
        );
        await appendEvidence(tx, {
          plantId: principal.plantId, kind: 'consent.recorded', subjectType: 'person', subjectId: principal.personId!,
          actor: actorOf(principal), occurredAt: now, data: { noticeVersion: body.noticeVersion, purposes: body.purposes, granted: body.granted, channel: body.channel },
        });
        return { id, noticeVersion: body.noticeVersion, purposes: body.purposes, granted: body.granted, recordedAt: now.toISOString() };
      }, { key: body.clientId, route: 'POST /api/consents' });
    },
  });

  api.route({
    method: 'get', path: '/api/consents/me', tags: ['privacy'],
    summary: 'The latest answer of the signed-in person, and whether the current notice still needs one',
    handler: async (_ctx, { principal }) => {
      const r = await db.query<{ notice_version: string; purposes: string[]; granted: boolean; recorded_at: Date }>(
        `SELECT notice_version, purposes, granted, recorded_at FROM consent_records WHERE plant_id = $1 AND person_id = $2 ORDER BY recorded_at DESC LIMIT 1`,
        [principal.plantId, principal.personId],
      );
      const last = r.rows[0];
      return {
        currentVersion: PRIVACY_NOTICE_VERSION,
        latest: last ? { noticeVersion: last.notice_version, purposes: last.purposes, granted: last.granted, recordedAt: last.recorded_at } : null,
        needed: !last || last.notice_version !== PRIVACY_NOTICE_VERSION || !last.granted,
      };
    },
  });
}
