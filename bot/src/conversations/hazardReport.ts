import { ACTIONS } from '../../../cards/src/actions';
import type { BotRouter } from '../router';
import { Claim, HAZARD_BUS } from './hazardBus';

/**
 * The report conversation: a photo and a line such as "3号配电箱未上锁" in either order (each platform
 * delivers them as separate messages), optionally a location, build one draft per person on the server;
 * the draft card's submit files the hazard. Greetings are left to the help reply.
 */

const GREETING = /^(help|帮助|你好|您好|hi|hello|菜单|menu|\?|？)$/i;

/** True for messages that ask for help rather than describe a hazard. */
export function isGreeting(text: string): boolean {
  return GREETING.test(text.trim());
}

/** Registers the report listeners (after the step listeners, which claim their messages first). */
export function registerHazardReport(router: BotRouter): void {
  router.on('image', async (event, bus) => {
    if (!event.image) return false;
    return (await bus.execute<Claim>(event, HAZARD_BUS.draftInput, { fileId: event.image.fileId })).claimed;
  });
  router.on('text', async (event, bus) => {
    const text = event.text?.trim() ?? '';
    if (!text || isGreeting(text)) return false;
    return (await bus.execute<Claim>(event, HAZARD_BUS.draftInput, { text })).claimed;
  });
  router.on('location', async (event, bus) => {
    if (!event.location) return false;
    const { lat, lng, datum } = event.location;
    return (await bus.execute<Claim>(event, HAZARD_BUS.draftInput, { location: { lat, lng, datum } })).claimed;
  });
  router.onAction(ACTIONS.hazard_draft_submit, async (event, bus) => {
    if (!event.action) return;
    const pick = (id: string) => event.selections?.[id]?.[0];
    await bus.execute(event, HAZARD_BUS.draftSubmit, {
      draftId: event.action.subjectId,
      ...(pick('area') ? { area: pick('area') } : {}),
      ...(pick('category') ? { category: pick('category') } : {}),
    });
  });
}
