import getRawBody from 'raw-body';
import { z } from 'zod';
import { t } from '../../../../cards/src/i18n/catalogue';
import { actorOf, type Principal } from '../../platform/auth/principal';
import type { Tx } from '../../platform/db/db';
import { appendEvidence } from '../../platform/evidence/evidenceChain';
import { AppError, errors } from '../../platform/errors';
import { runCommand } from '../../platform/http/idempotency';
import type { AppContext } from '../../platform/http/koaTypes';
import type { ServerDeps } from '../../platform/serverDeps';
import { checkCertificateInputs, parseCertificateCsv, type CertificateInput, type ImportProblem } from './certificateImport';
import { listCertificates, revokeCertificate, upsertCertificate } from './certificateRepo';
import { certificateStatus } from './certificateRules';
import type { CertificateType } from './permitModel';
import { findPerson, loadPeople } from './permitPeople';
import { localDate } from './plantTime';
import { CertificateImportSchema, CertificateSchema } from './permitSchemas';
import { policyStoreFor } from './permitTransition';

const TAGS = ['certificates'];

/** Reads a raw text/csv body into `{csv}` so the route takes CSV as it is exported from a registry. */
async function csvBody(ctx: AppContext, next: () => Promise<unknown>): Promise<void> {
  if (ctx.is('text/csv', 'text/plain')) {
    const text = await getRawBody(ctx.req, { limit: 2_000_000, encoding: 'utf8' });
    (ctx.request as { body?: unknown }).body = { csv: text };
  }
  await next();
}

/** A 400 listing every problem in the caller's language; the message names the first (record, field, why). */
function importFailed(problems: ImportProblem[], locale: string): AppError {
  const worded = problems.map((p) => ({ line: p.line, field: p.field, code: p.code, message: t(locale, `permits.certificate_import.${p.code}`, p.params ?? {}) }));
  const first = worded[0];
  return new AppError('validation_failed', t(locale, 'permits.certificate_import.problem', { line: first.line, field: first.field, message: first.message }), {
    fields: worded.map((p) => ({ field: `records[${p.line}].${p.field}`, message: p.message })), problems: worded,
  });
}

/** Writes checked records (all or nothing): holders resolved by key or id, upserted by type + number. */
async function importRecords(tx: Tx, deps: ServerDeps, principal: Principal, records: CertificateInput[], lines: number[] | undefined) {
  const { plantId, locale } = principal;
  const problems = checkCertificateInputs(records, lines);
  const holders: string[] = [];
  for (const [i, r] of records.entries()) {
    const person = r.holder ? await findPerson(tx, plantId, String(r.holder)) : null;
    if (r.holder && !person) problems.push({ line: lines?.[i] ?? i + 1, field: 'holder', code: 'unknown_holder', params: { holder: String(r.holder) } });
    holders.push(person?.id ?? '');
  }
  if (problems.length) throw importFailed(problems.sort((a, b) => a.line - b.line), locale);
  const now = deps.now();
  let created = 0;
  for (const [i, r] of records.entries()) {
    const out = await upsertCertificate(tx, plantId, {
      holderId: holders[i], type: r.type as CertificateType, number: r.number, issuedOn: r.issuedOn, expiresOn: r.expiresOn,
      nextReviewOn: r.nextReviewOn ?? null, issuer: r.issuer ?? null,
    }, now);
    if (out.created) created++;
  }
  await appendEvidence(tx, {
    plantId, kind: 'certificate.imported', subjectType: 'certificate_registry', subjectId: plantId, actor: actorOf(principal), occurredAt: now,
    data: { count: records.length, created, updated: records.length - created, numbers: records.map((r) => `${r.type}:${r.number}`) },
  });
  return { imported: records.length, created, updated: records.length - created };
}

/** The personnel certificate registry over HTTP: list with status, add one, import CSV/JSON, revoke. */
export function registerCertificateRoutes(deps: ServerDeps): void {
  const { api, db } = deps;

  api.route({
    method: 'get', path: '/api/certificates', summary: 'Certificates with their status today (valid, due_soon, review_overdue, expired)', tags: TAGS,
    right: 'permit.read', query: z.object({ holder: z.string().max(64).optional(), includeRevoked: z.enum(['1', 'true']).optional() }),
    handler: async (_ctx, { query, principal }) => {
      const plant = await policyStoreFor(deps).load(db, principal.plantId);
      const holder = query.holder ? await findPerson(db, principal.plantId, query.holder) : null;
      if (query.holder && !holder) throw errors.notFound('person', query.holder);
      const rows = await listCertificates(db, principal.plantId, { holderId: holder?.id, includeRevoked: !!query.includeRevoked });
      const names = new Map((await loadPeople(db, principal.plantId)).map((p) => [p.id, p.name]));
      const today = localDate(deps.now(), plant.timezone);
      const warn = plant.policy.certificates.warnWithinDays.value;
      return {
        certificates: rows.map((c) => ({ ...c, holder: { id: c.holderId, name: names.get(c.holderId) ?? c.holderId }, status: c.revokedAt ? 'revoked' : certificateStatus(c, today, warn) })),
      };
    },
  });

  api.route({
    method: 'post', path: '/api/certificates', summary: 'Register (or update by type + number) one certificate', tags: TAGS,
    right: 'certificate.manage', body: CertificateSchema, idempotent: true,
    handler: async (ctx, { body, principal }) => runCommand(db, ctx, principal, (tx) => importRecords(tx, deps, principal, [body as CertificateInput], undefined)),
  });

  api.route({
    method: 'post', path: '/api/certificates/import', summary: 'Import certificates: JSON {records:[…]} or {csv}, or a raw text/csv body (all or nothing)', tags: TAGS,
    right: 'certificate.manage', body: CertificateImportSchema, idempotent: true, status: 200, before: [csvBody],
    handler: async (ctx, { body, principal }) => runCommand(db, ctx, principal, async (tx) => {
      if ('csv' in body) {
        const parsed = parseCertificateCsv(body.csv);
        if (parsed.problems.length) throw importFailed(parsed.problems, principal.locale);
        if (parsed.records.length === 0) throw importFailed([{ line: 2, field: 'holder', code: 'no_records' }], principal.locale);
        return importRecords(tx, deps, principal, parsed.records, parsed.lines);
      }
      const records = body.records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null || v === undefined ? v : String(v)]))) as unknown as CertificateInput[];
      return importRecords(tx, deps, principal, records, undefined);
    }),
  });

  api.route({
    method: 'post', path: '/api/certificates/:id/revoke', summary: 'Revoke a certificate (it no longer counts for any permit)', tags: TAGS,
    right: 'certificate.manage', params: z.object({ id: z.uuid() }), idempotent: true, status: 200,
    handler: async (ctx, { params, principal }) => runCommand(db, ctx, principal, async (tx) => {
      const revoked = await revokeCertificate(tx, principal.plantId, params.id, deps.now());
      if (revoked) {
        await appendEvidence(tx, { plantId: principal.plantId, kind: 'certificate.revoked', subjectType: 'certificate', subjectId: params.id, actor: actorOf(principal), occurredAt: deps.now(), data: {} });
      }
      return { revoked };
    }),
  });
}
