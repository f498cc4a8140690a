import { ACTIONS } from '../../../cards/src/actions';
import type { BotRouter } from '../router';

/** Names of the alarm commands the bot calls through the command bus (the server registers the same names). */
export const ALARM_BUS = {
  ack: 'alarms.ack',
} as const;

/** What the acknowledge command answers. */
export interface AckAnswer {
  code: string;
}

/**
 * The acknowledge button of the alarm and escalation cards. The server checks `alarm.ack`, refuses
 * a second acknowledgement with who and when (answered in the chat), and refreshes every card of
 * the alarm in place; the clicker also gets a one-line confirmation.
 */
export function registerAlarmActions(router: BotRouter): void {
  router.onAction(ACTIONS.alarm_ack, async (event, bus) => {
    if (!event.action) return;
    const answer = await bus.execute<AckAnswer>(event, ALARM_BUS.ack, { alarmId: event.action.subjectId });
    await bus.reply(event, 'alarms.ack.done', { code: answer.code });
  });
}
