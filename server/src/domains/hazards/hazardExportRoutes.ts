import { t } from '../../../../cards/src/i18n/catalogue';
import { AppError } from '../../platform/errors';
import { signedPhotoPath } from '../../platform/files/photoLinks';
import type { ServerDeps } from '../../platform/serverDeps';
import { toCsv } from './csvTable';
import { exportRange, ledgerTable, toXlsx } from './hazardLedger';
import { loadHazardPolicy } from './hazardPolicy';
import { hazardsInRange } from './hazardQueries';
import { regulatorEntries, regulatorTable } from './hazardRegulatorReport';
import { codesOf, photosOf } from './hazardRepo';
import { ExportQuerySchema } from './hazardSchemas';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** How long the photo links in an exported ledger open. */
const LEDGER_LINK_DAYS = 90;

/**
 * Exports for safety officers (hazard.export): the hazard ledger (CSV or Excel) and the major-hazard
 * report to the regulator (JSON or CSV), over at most 366 plant-local days.
 */
export function registerHazardExportRoutes(deps: ServerDeps): void {
  const { api, db } = deps;

  api.route({
    method: 'get', path: '/api/hazards/ledger', summary: 'Hazard ledger (隐患台账) for a range of plant-local days, CSV or Excel (max 366 days)',
    tags: ['hazards'], right: 'hazard.export', query: ExportQuerySchema, produces: `text/csv, ${XLSX}`,
    handler: async (ctx, { principal, query }) => {
      const policy = await loadHazardPolicy(db, principal.plantId, { demoProfile: deps.env.DEMO_PROFILE });
      const range = exportRange(query.from, query.to, policy.timezone, principal.locale);
      if (query.format === 'json') {
        const message = t(principal.locale, 'hazards.error.ledger_format');
        throw new AppError('validation_failed', message, { fields: [{ field: 'query.format', message }] });
      }
      const rows = await hazardsInRange(db, principal.plantId, { from: range.start, to: range.end }, deps.now());
      const photos = await photosOf(db, principal.plantId, rows.map((r) => r.id));
      const codes = await codesOf(db, principal.plantId, [...new Set(rows.map((r) => r.recurrenceOf).filter((x): x is string => !!x))]);
      // Photo links open without a login (the ledger goes to inspectors) and expire.
      const linksExpire = new Date(deps.now().getTime() + LEDGER_LINK_DAYS * 86_400_000);
      const photoLink = (fileId: string) => `${deps.publicUrl.replace(/\/$/, '')}${signedPhotoPath(deps.appSecret, { plantId: principal.plantId, fileId, expiresAt: linksExpire })}`;
      const table = ledgerTable(rows, { policy, photos, codes, photoLink, locale: principal.locale, now: deps.now() });
      const base = `hazard-ledger-${range.from}-${range.to}`;
      if (query.format === 'xlsx') {
        ctx.type = XLSX;
        ctx.attachment(`${base}.xlsx`);
        ctx.body = await toXlsx(table, t(principal.locale, 'hazards.ledger.sheet'));
      } else {
        ctx.type = 'text/csv; charset=utf-8';
        ctx.attachment(`${base}.csv`);
        ctx.body = toCsv(table.headers, table.rows);
      }
      return undefined;
    },
  });

  api.route({
    method: 'get', path: '/api/hazards/regulator-report', summary: 'Major hazards for the regulator report: status, cause, severity, treatment plan (JSON or CSV)',
    tags: ['hazards'], right: 'hazard.export', query: ExportQuerySchema,
    handler: async (ctx, { principal, query }) => {
      const policy = await loadHazardPolicy(db, principal.plantId, { demoProfile: deps.env.DEMO_PROFILE });
      const range = exportRange(query.from, query.to, policy.timezone, principal.locale);
      const rows = await hazardsInRange(db, principal.plantId, { from: range.start, to: range.end, majorFlagged: true }, deps.now());
      const entries = regulatorEntries(rows, policy, principal.locale);
      if (query.format === 'json') return { from: range.from, to: range.to, plantId: principal.plantId, entries };
      if (query.format === 'xlsx') {
        const table = regulatorTable(entries, principal.locale);
        ctx.type = XLSX;
        ctx.attachment(`major-hazards-${range.from}-${range.to}.xlsx`);
        ctx.body = await toXlsx(table, t(principal.locale, 'hazards.regulator.sheet'));
        return undefined;
      }
      const table = regulatorTable(entries, principal.locale);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.attachment(`major-hazards-${range.from}-${range.to}.csv`);
      ctx.body = toCsv(table.headers, table.rows);
      return undefined;
    },
  });
}
