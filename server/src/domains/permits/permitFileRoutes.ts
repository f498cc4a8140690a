import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { errors } from '../../platform/errors';
import { findFiles } from '../../platform/files/fileService';
import type { AppContext } from '../../platform/http/koaTypes';
import type { ServerDeps } from '../../platform/serverDeps';
import { cjkFont } from './cjkFont';
import { renderPermitPdf } from './permitPdf';
import { appendAttachments } from './permitPdfAppendix';
import { permitPdfData } from './permitPdfData';
import { checkInUrl, issuePermitQrToken, renderQrPng } from './permitQrToken';
import { attachedFileIds, type PermitRow } from './permitRecord';
import { loadPermit } from './permitRepo';
import { PermitIdParams } from './permitSchemas';
import { policyStoreFor } from './permitTransition';

const H5_DIR = join(__dirname, 'h5');
const H5_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
/** States in which the check-in QR still means something. */
const QR_STATUSES = ['approved', 'active', 'interrupted', 'suspended'];

function qrPng(deps: ServerDeps, p: PermitRow): Promise<Buffer> {
  const token = issuePermitQrToken(deps.appSecret, { plantId: p.plantId, permitId: p.id, now: deps.now(), expiresAt: p.validTo });
  return renderQrPng(checkInUrl(deps.publicUrl, p.id, token));
}

/** The permit's QR image, its printable PDF form, and the H5 pages for on-site approval and check-in. */
export function registerPermitFileRoutes(deps: ServerDeps): void {
  const { api, db } = deps;
  const page = readFileSync(join(H5_DIR, 'permitH5.html'), 'utf8');

  api.route({
    method: 'get', path: '/api/permits/:id/qr.png', summary: 'The check-in QR code (a signed token valid to the end of the window)', tags: ['permits'],
    right: 'permit.read', params: PermitIdParams, produces: 'image/png',
    handler: async (ctx, { params, principal }) => {
      const p = await loadPermit(db, principal.plantId, params.id);
      if (!p) throw errors.notFound('permit', params.id);
      if (!QR_STATUSES.includes(p.status)) throw errors.refused('qr_not_available', `No check-in QR in state ${p.status}`, { status: p.status });
      ctx.type = 'image/png';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await qrPng(deps, p);
      return undefined;
    },
  });

  api.route({
    method: 'get', path: '/api/permits/:id/pdf',
    summary: 'The permit as a PDF in the standard\'s form layout (Appendix A), with QR, signature times and evidence hashes; the attached work plan and diagrams follow (attachments=0 leaves them out)',
    tags: ['permits'], right: 'permit.read', params: PermitIdParams, produces: 'application/pdf',
    query: z.object({ locale: z.enum(['zh-CN', 'en']).optional(), attachments: z.enum(['0', '1']).default('1') }),
    handler: async (ctx, { params, query, principal }) => {
      const p = await loadPermit(db, principal.plantId, params.id);
      if (!p) throw errors.notFound('permit', params.id);
      const font = cjkFont();
      const plant = await policyStoreFor(deps).load(db, principal.plantId);
      const checklistText = new Map(plant.policy.types[p.type].checklist.value.map((i) => [i.id, i.text]));
      const data = await permitPdfData(db, p, { locale: query.locale ?? principal.locale, timezone: plant.timezone, now: deps.now(), qrPng: await qrPng(deps, p), checklistText });
      ctx.type = 'application/pdf';
      ctx.set('Content-Disposition', `inline; filename="${p.code}.pdf"`);
      const form = await renderPermitPdf(data, font);
      const ids = query.attachments === '1' ? attachedFileIds(p.application) : [];
      const stored = await findFiles(db, principal.plantId, ids);
      const files = [];
      for (const f of ids.flatMap((id) => stored.get(id) ?? [])) files.push({ mime: f.mime, bytes: await deps.blobs.get(f.sha256) });
      const out = await appendAttachments(form, files);
      if (out.skipped > 0) deps.log.warn({ permit: p.id, skipped: out.skipped }, 'permit pdf: attached images no decoder reads were left out');
      ctx.body = out.pdf;
      return undefined;
    },
  });

  const serve = (mode: 'approve' | 'check-in' | 'entries') => async (ctx: AppContext) => {
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-cache');
    ctx.set('Content-Security-Policy', H5_CSP);
    ctx.body = page.replace('__MODE__', mode);
    return undefined;
  };
  api.route({ method: 'get', path: '/m/permits/:id/approve', summary: 'H5 page: on-site approval with the browser\'s position', tags: ['permits'], auth: false, params: PermitIdParams, produces: 'text/html', handler: serve('approve') });
  api.route({ method: 'get', path: '/m/permits/:id/entries', summary: 'H5 page: the guardian\'s confined-space entry log (people and tools in and out)', tags: ['permits'], auth: false, params: PermitIdParams, produces: 'text/html', handler: serve('entries') });
  api.route({ method: 'get', path: '/m/permits/:id/check-in', summary: 'H5 page: guardian check-in from the scanned QR', tags: ['permits'], auth: false, params: PermitIdParams, produces: 'text/html', handler: serve('check-in') });
  for (const [file, type] of [['permitH5.js', 'application/javascript'], ['permitH5.css', 'text/css']] as const) {
    const body = readFileSync(join(H5_DIR, file));
    api.route({
      method: 'get', path: `/m/permits/${file}`, summary: 'H5 page asset', tags: ['permits'], auth: false, produces: type,
      handler: async (ctx) => {
        ctx.type = type;
        ctx.set('Cache-Control', 'no-cache');
        ctx.body = body;
        return undefined;
      },
    });
  }
}
