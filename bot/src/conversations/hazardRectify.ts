import { ACTIONS } from '../../../cards/src/actions';
import type { BotRouter } from '../router';
import { Claim, HAZARD_BUS } from './hazardBus';

/**
 * "Rectified" on an assignment, reminder or returned card asks for the after-photo in the chat; a
 * line of text before it is kept as the rectification note; the photo submits the fix for verification.
 */
export function registerHazardRectify(router: BotRouter): void {
  router.onAction(ACTIONS.hazard_rectified, async (event, bus) => {
    if (event.action) await bus.execute(event, HAZARD_BUS.rectifyPrompt, { hazardId: event.action.subjectId });
  });
  router.on('image', async (event, bus) => {
    if (!event.image) return false;
    return (await bus.execute<Claim>(event, HAZARD_BUS.afterPhoto, { fileId: event.image.fileId })).claimed;
  });
  router.on('text', async (event, bus) => {
    const text = event.text?.trim() ?? '';
    if (!text) return false;
    return (await bus.execute<Claim>(event, HAZARD_BUS.afterPhotoNote, { text })).claimed;
  });
}
