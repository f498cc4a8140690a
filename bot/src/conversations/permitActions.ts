import { ACTIONS } from '../../../cards/src/actions';
import type { BotRouter } from '../router';

/** Bot command names the permits capability registers on the server (permitBotCommands.ts). */
export const PERMIT_BOT_COMMANDS = {
  approveRemote: 'permits.approve_remote',
  rejectStart: 'permits.reject_start',
  rejectReason: 'permits.reject_reason',
  shiftCheck: 'permits.shift_check',
  onsiteUrl: 'permits.onsite_url',
} as const;

/**
 * Listeners for the permit card buttons. Remote approval and the shift check are one command each;
 * rejecting asks the reason as a conversation step (button cards have no text input): the click
 * opens the step, the person's next text message is the reason. On-site approval is a link to the
 * H5 page, so it never reaches the bot except on platforms that cannot open links.
 */
export function registerPermitActions(router: BotRouter): void {
  const subject = (id: string | undefined) => ({ permitId: id ?? '' });

  router.onAction(ACTIONS.permit_approve, async (event, bus) => {
    const r = await bus.execute<{ code: string }>(event, PERMIT_BOT_COMMANDS.approveRemote, subject(event.action?.subjectId));
    await bus.reply(event, 'permits.bot.approved', { code: r.code });
  });

  router.onAction(ACTIONS.permit_reject, async (event, bus) => {
    const r = await bus.execute<{ code: string }>(event, PERMIT_BOT_COMMANDS.rejectStart, subject(event.action?.subjectId));
    await bus.reply(event, 'permits.bot.reject_ask', { code: r.code });
  });

  router.on('text', async (event, bus) => {
    const text = event.text?.trim() ?? '';
    if (!text) return false;
    const r = await bus.execute<{ handled: boolean; code?: string; error?: string }>(event, PERMIT_BOT_COMMANDS.rejectReason, { text });
    if (!r.handled) return false;
    if (r.error) await bus.reply(event, 'bot.raw', { text: r.error });
    else await bus.reply(event, 'permits.bot.rejected', { code: r.code });
    return true;
  });

  router.onAction(ACTIONS.permit_shift_check, async (event, bus) => {
    const r = await bus.execute<{ code: string }>(event, PERMIT_BOT_COMMANDS.shiftCheck, subject(event.action?.subjectId));
    await bus.reply(event, 'permits.bot.shift_checked', { code: r.code });
  });

  router.onAction(ACTIONS.permit_open_onsite, async (event, bus) => {
    const r = await bus.execute<{ url: string }>(event, PERMIT_BOT_COMMANDS.onsiteUrl, subject(event.action?.subjectId));
    await bus.reply(event, 'permits.bot.open_onsite', { url: r.url });
  });

  router.onAction(ACTIONS.permit_ack, async (event, bus) => {
    await bus.reply(event, 'permits.bot.ack');
  });
}
