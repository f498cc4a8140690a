import type { ActionName } from '../../cards/src/actions';
import type { CommandBus } from './commandBus';
import type { BotEvent } from './messenger';

/** A listener: gets the parsed event and the command bus, never a platform payload. */
export type Listener = (event: BotEvent, bus: CommandBus) => Promise<boolean | void>;

/**
 * Routes events to listeners by constraint (event kind, card action name). Listeners for a kind
 * run in registration order until one returns true (handled); conversations use that to claim
 * a message that continues a step ("type the reason").
 */
export class BotRouter {
  private readonly byKind = new Map<BotEvent['kind'], Listener[]>();
  private readonly byAction = new Map<string, Listener>();
  private fallback: Listener | null = null;

  /** Listens to text, image or location messages. */
  on(kind: 'text' | 'image' | 'location', listener: Listener): this {
    const list = this.byKind.get(kind) ?? [];
    list.push(listener);
    this.byKind.set(kind, list);
    return this;
  }

  /** Listens to clicks of one card action. */
  onAction(action: ActionName, listener: Listener): this {
    if (this.byAction.has(action)) throw new Error(`action ${action} already has a listener`);
    this.byAction.set(action, listener);
    return this;
  }

  /** Runs when nothing else handled the event (a short help reply). */
  otherwise(listener: Listener): this {
    this.fallback = listener;
    return this;
  }

  /** Dispatches one event; returns whether a listener handled it. */
  async dispatch(event: BotEvent, bus: CommandBus): Promise<boolean> {
    if (event.kind === 'action') {
      const l = event.action ? this.byAction.get(event.action.action) : undefined;
      if (l) {
        await l(event, bus);
        return true;
      }
    } else {
      for (const l of this.byKind.get(event.kind) ?? []) {
        if ((await l(event, bus)) === true) return true;
      }
    }
    if (this.fallback) await this.fallback(event, bus);
    return false;
  }
}
