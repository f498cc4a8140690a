import { z } from 'zod';
import { HAZARD_BUS } from '../../../../bot/src/conversations/hazardBus';
import type { BotCommandContext, CommandRegistry } from '../../platform/bot/commandRegistry';
import { validationError } from '../../platform/http/apiRouter';
import { draftInput, draftSubmit } from './hazardChat';
import { afterPhoto, afterPhotoNote, buttonAction, delegateStep, rectifyPrompt, rejectPrompt, returnPrompt, returnReasonText } from './hazardChatSteps';
import type { HazardDeps } from './hazardDeps';

/**
 * The commands the bot's hazard conversations call through the command bus (names in HAZARD_BUS). The
 * pipeline runs each in one transaction with the event's dedupe key, for the verified sender.
 */

const text = z.string().trim().min(1).max(2000);
const id = z.string().min(1).max(64);
const location = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), datum: z.enum(['WGS-84', 'GCJ-02', 'BD-09']) });

const Schemas = {
  draftInput: z.union([z.object({ text }), z.object({ fileId: id }), z.object({ location })]),
  draftSubmit: z.object({ draftId: id, area: id.optional(), category: id.optional() }),
  hazard: z.object({ hazardId: z.uuid() }),
  text: z.object({ text }),
  file: z.object({ fileId: id }),
  delegate: z.object({ hazardId: z.uuid(), choice: id.nullable() }),
  button: z.object({
    hazardId: z.uuid(),
    action: z.enum(['start_rectification', 'approve', 'reinspect_ok', 'reinspect_recurred', 'set_grade']),
    grade: z.string().optional(),
  }),
};

function parse<T>(schema: z.ZodType<T>, payload: unknown): T {
  const r = schema.safeParse(payload);
  if (!r.success) throw validationError('body', r.error.issues);
  return r.data;
}

/** Registers the hazard bot commands. */
export function registerHazardBotCommands(commands: CommandRegistry, deps: HazardDeps): void {
  const def = <R>(right: string | undefined, run: (ctx: BotCommandContext) => Promise<R>) => ({ right, run });
  commands.register(
    HAZARD_BUS.draftInput,
    def('hazard.report', ({ tx, principal, event, payload }) => draftInput(deps, tx, principal, event, parse(Schemas.draftInput, payload))),
  );
  commands.register(
    HAZARD_BUS.draftSubmit,
    def('hazard.report', ({ tx, principal, event, payload }) => {
      const p = parse(Schemas.draftSubmit, payload);
      return draftSubmit(deps, tx, principal, event, { draftId: p.draftId, areaKey: p.area, categoryKey: p.category });
    }),
  );
  commands.register(
    HAZARD_BUS.returnPrompt,
    def(undefined, ({ tx, principal, event, payload }) => returnPrompt(deps, tx, principal, event, parse(Schemas.hazard, payload).hazardId)),
  );
  commands.register(
    HAZARD_BUS.rejectPrompt,
    def(undefined, ({ tx, principal, event, payload }) => rejectPrompt(deps, tx, principal, event, parse(Schemas.hazard, payload).hazardId)),
  );
  commands.register(
    HAZARD_BUS.returnReason,
    def(undefined, ({ tx, principal, event, payload }) => returnReasonText(deps, tx, principal, event, parse(Schemas.text, payload).text)),
  );
  commands.register(
    HAZARD_BUS.rectifyPrompt,
    def(undefined, ({ tx, principal, event, payload }) => rectifyPrompt(deps, tx, principal, event, parse(Schemas.hazard, payload).hazardId)),
  );
  commands.register(
    HAZARD_BUS.afterPhoto,
    def(undefined, ({ tx, principal, event, payload }) => afterPhoto(deps, tx, principal, event, parse(Schemas.file, payload).fileId)),
  );
  commands.register(
    HAZARD_BUS.afterPhotoNote,
    def(undefined, ({ tx, event, payload }) => afterPhotoNote(deps, tx, event, parse(Schemas.text, payload).text)),
  );
  commands.register(
    HAZARD_BUS.delegate,
    def(undefined, ({ tx, principal, event, payload }) => {
      const p = parse(Schemas.delegate, payload);
      return delegateStep(deps, tx, principal, event, p.hazardId, p.choice);
    }),
  );
  commands.register(
    HAZARD_BUS.button,
    def(undefined, ({ tx, principal, event, payload }) => buttonAction(deps, tx, principal, event, parse(Schemas.button, payload))),
  );
}
