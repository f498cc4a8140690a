import type { BotEvent } from '../../../../bot/src/messenger';
import type { Principal } from '../auth/principal';
import type { Tx } from '../db/db';

/** What a bot command runs with. */
export interface BotCommandContext {
  tx: Tx;
  principal: Principal;
  event: BotEvent;
  payload: Record<string, unknown>;
}

/** A command the bot may execute through the bus, with the right it needs. */
export interface BotCommandDef<R = unknown> {
  right?: string;
  run(ctx: BotCommandContext): Promise<R>;
}

/** Command name → definition; domains register at start-up. */
export class CommandRegistry {
  private readonly defs = new Map<string, BotCommandDef>();

  register<R>(name: string, def: BotCommandDef<R>): void {
    if (this.defs.has(name)) throw new Error(`bot command ${name} registered twice`);
    this.defs.set(name, def as BotCommandDef);
  }

  get(name: string): BotCommandDef | undefined {
    return this.defs.get(name);
  }
}
