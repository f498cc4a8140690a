import type { BotEvent } from './messenger';

/**
 * The bot's only way into the server: named commands with a payload, executed by the server
 * for the event's verified sender inside one transaction (which also stores the dedupe key).
 */
export interface CommandBus {
  execute<R = unknown>(event: BotEvent, command: string, payload: Record<string, unknown>): Promise<R>;
  /** Sends a short reply (a catalogue message key) to the sender in their chat. */
  reply(event: BotEvent, messageKey: string, params?: Record<string, unknown>): Promise<void>;
}
