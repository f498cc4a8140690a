import type { Principal } from '../../platform/auth/principal';
import type { Queryable, Tx } from '../../platform/db/db';
import { errors } from '../../platform/errors';
import { runCommand } from '../../platform/http/idempotency';
import type { AppContext } from '../../platform/http/koaTypes';
import type { ServerDeps } from '../../platform/serverDeps';
import { insideNow } from './entryLog';
import { applyForPermit } from './permitApply';
import { entriesOf, recordEntry } from './permitEntries';
import {
  approvePermit, checkInPermit, completePermit, interruptPermit, recordGasTest, simpleAction, submitPermit, voidPermit,
} from './permitCommands';
import { loadPeople } from './permitPeople';
import { presentContext, presentPermitRecord, presentPermitSummary } from './permitPresenter';
import type { PermitRow } from './permitRecord';
import { listPermits, loadPermit } from './permitRepo';
import {
  ApplySchema, ApproveSchema, CancelSchema, CheckInSchema, EntrySchema, GasTestSchema, InterruptSchema, ListQuery, PermitIdParams, ReasonSchema, ResumeSchema, VoidSchema,
} from './permitSchemas';
import type { TransitionResult } from './permitTransition';

const TAGS = ['permits'];

/** Presents a permit for the principal, reading names through the given handle (the command's transaction). */
export async function presentFor(q: Queryable, p: PermitRow, principal: Principal) {
  return presentPermitSummary(p, await presentContext(q, p.plantId, principal.locale, await loadPeople(q, p.plantId)));
}

/**
 * The permit lifecycle over HTTP (GB 30871-2022): apply, submit, approve, reject, check in, shift
 * check, interrupt, resume, gas tests, complete, accept, cancel, void, and the whole record. Each
 * handler validates, authorises by right, runs one command in one transaction and presents the
 * permit; the pure machine and rules decide, and their refusals name the rule.
 */
export function registerPermitRoutes(deps: ServerDeps): void {
  const { api, db } = deps;

  api.route({
    method: 'post', path: '/api/permits', summary: 'Apply for a special-work permit (creates a draft, or says no permit is needed)', tags: TAGS,
    right: 'permit.apply', body: ApplySchema, idempotent: true,
    handler: async (ctx, { body, principal }) => {
      const out = await runCommand(db, ctx, principal, async (tx) => {
        const r = await applyForPermit(deps, tx, principal, body);
        return r.created ? { created: true, permit: await presentFor(tx, r.row, principal) } : { created: false, noPermitNeeded: r.noPermitNeeded };
      });
      // "No permit needed" is an answer, not a creation: 200 instead of 201.
      if (!out.created) {
        ctx.status = 200;
        ctx.body = out;
        return undefined;
      }
      return out;
    },
  });

  api.route({
    method: 'get', path: '/api/permits', summary: 'List permits (filter by status, type, area, window; mine=1 for one\'s own)', tags: TAGS,
    right: 'permit.read', query: ListQuery,
    handler: async (_ctx, { query, principal }) => {
      const rows = await listPermits(db, principal.plantId, {
        status: query.status ? query.status.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
        type: query.type, areaKey: query.areaKey, personId: query.mine ? principal.personId ?? undefined : undefined,
        from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined, limit: query.limit,
      });
      const c = await presentContext(db, principal.plantId, principal.locale, await loadPeople(db, principal.plantId));
      return { permits: rows.map((r) => presentPermitSummary(r, c)) };
    },
  });

  api.route({
    method: 'get', path: '/api/permits/:id', summary: 'The whole permit record: form, approvals, gas tests, check-ins with GPS, photos, compliance, evidence', tags: TAGS,
    right: 'permit.read', params: PermitIdParams,
    handler: async (_ctx, { params, principal }) => {
      const row = await loadPermit(db, principal.plantId, params.id);
      if (!row) throw errors.notFound('permit', params.id);
      const c = await presentContext(db, principal.plantId, principal.locale, await loadPeople(db, principal.plantId));
      return presentPermitRecord(db, row, c);
    },
  });

  type Cmd<B> = (tx: Tx, principal: Principal, id: string, body: B) => Promise<TransitionResult>;
  const action = <B>(path: string, summary: string, right: string, schema: import('zod').ZodType<B> | undefined, run: Cmd<B>) => {
    api.route({
      method: 'post', path: `/api/permits/:id/${path}`, summary, tags: TAGS, right, params: PermitIdParams, body: schema, idempotent: true, status: 200,
      handler: async (ctx: AppContext, { params, body, principal }) =>
        runCommand(db, ctx, principal, async (tx) => ({ permit: await presentFor(tx, (await run(tx, principal, params.id, body as B)).row, principal) })),
    });
  };

  action('submit', 'Submit a draft for approval (all rules judged again now)', 'permit.apply', undefined, (tx, p, id) => submitPermit(deps, tx, p, id));
  action('approve', 'Sign the current approval step: on site (position checked against the area fence) or remote where the plant allows it', 'permit.approve', ApproveSchema,
    (tx, p, id, b) => approvePermit(deps, tx, p, id, b));
  action('reject', 'Reject the permit at the current step (reason required)', 'permit.approve', ReasonSchema,
    (tx, p, id, b) => simpleAction(deps, tx, p, id, { type: 'reject', reason: b.reason }));
  action('check-in', 'Guardian check-in at the site with the permit QR token and position; work becomes active', 'permit.check_in', CheckInSchema,
    (tx, p, id, b) => checkInPermit(deps, tx, p, id, b));
  action('shift-check', 'Shift leader checks the permit before ignition (岗位当班班长验票)', 'permit.shift_check', undefined,
    (tx, p, id) => simpleAction(deps, tx, p, id, { type: 'shift_check' }));
  action('interrupt', 'Interrupt active work (reason required)', 'permit.read', InterruptSchema, (tx, p, id, b) => interruptPermit(deps, tx, p, id, b.reason));
  action('resume', 'Resume after an interruption or once every hold is released (re-test and re-confirmation where required)', 'permit.read', ResumeSchema,
    (tx, p, id, b) => simpleAction(deps, tx, p, id, { type: 'resume', conditionsReconfirmed: b.conditionsReconfirmed }));
  action('gas-tests', 'Record a gas analysis (a failing one interrupts active work)', 'permit.read', GasTestSchema, (tx, p, id, b) => recordGasTest(deps, tx, p, id, b));
  action('complete', 'Report the work complete (a confined space only once the entry log shows nobody and nothing inside)', 'permit.read', undefined,
    (tx, p, id) => completePermit(deps, tx, p, id));

  api.route({
    method: 'post', path: '/api/permits/:id/entries', summary: 'Confined-space entry log (GB 30871 6.8 c): the guardian logs a person or tool in or out', tags: TAGS,
    right: 'permit.check_in', params: PermitIdParams, body: EntrySchema, idempotent: true, status: 201,
    handler: (ctx, { params, body, principal }) => runCommand(db, ctx, principal, async (tx) => {
      const r = await recordEntry(deps, tx, principal, params.id, body);
      return { entry: { ...r.entry, recordedAt: r.entry.recordedAt.toISOString() }, inside: r.inside };
    }),
  });
  api.route({
    method: 'get', path: '/api/permits/:id/entries', summary: 'The confined-space entry log and who and what is inside now', tags: TAGS,
    right: 'permit.read', params: PermitIdParams,
    handler: async (_ctx, { params, principal }) => {
      if (!(await loadPermit(db, principal.plantId, params.id))) throw errors.notFound('permit', params.id);
      const entries = await entriesOf(db, principal.plantId, params.id);
      return { entries: entries.map((e) => ({ ...e, recordedAt: e.recordedAt.toISOString() })), inside: insideNow(entries) };
    },
  });
  action('accept', 'Completion acceptance (完工验收); closes the permit', 'permit.accept', undefined, (tx, p, id) => simpleAction(deps, tx, p, id, { type: 'accept' }));
  action('cancel', 'Cancel a permit before work starts', 'permit.read', CancelSchema,
    (tx, p, id, b) => simpleAction(deps, tx, p, id, { type: 'cancel', ...(b.reason ? { reason: b.reason } : {}) }));
  action('void', 'Void the permit: content, scope, location or conditions changed (a new permit is required)', 'permit.read', VoidSchema,
    (tx, p, id, b) => voidPermit(deps, tx, p, id, b));
}
