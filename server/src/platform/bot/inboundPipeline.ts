import { t } from '../../../../cards/src/i18n/catalogue';
import type { CommandBus } from '../../../../bot/src/commandBus';
import type { BotEvent } from '../../../../bot/src/messenger';
import type { BotRouter } from '../../../../bot/src/router';
import { hasRight } from '../auth/principal';
import type { Db } from '../db/db';
import { enqueueDelivery } from '../delivery/delivery';
import type { Directory } from '../directory/directory';
import { AppError } from '../errors';
import type { Jobs } from '../jobs/jobs';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { CommandRegistry } from './commandRegistry';

/** Thrown inside a command's transaction when its dedupe key was already stored. */
class Duplicate extends Error {}

/**
 * Where every verified inbound event goes (Sandbox, WeCom, DingTalk): the router picks a
 * listener, listeners call commands through this bus, and each command runs in one
 * transaction that also stores the event's dedupe key — a redelivered event has no effect.
 */
export class InboundPipeline implements CommandBus {
  constructor(
    private readonly deps: { db: Db; jobs: Jobs; directory: Directory; commands: CommandRegistry; router: BotRouter; log: Logger; metrics: Metrics },
  ) {}

  /** Routes one event; refusals become a short reply to the sender, never a crash. */
  async handle(event: BotEvent): Promise<void> {
    try {
      await this.deps.router.dispatch(event, this);
    } catch (err) {
      if (err instanceof Duplicate) {
        this.deps.metrics.events.inc({ kind: 'duplicate_inbound' });
        return;
      }
      const person = await this.deps.directory.person(event.plantId, event.sender.personId);
      const locale = person?.locale ?? 'zh-CN';
      if (err instanceof AppError && err.expose) {
        await this.replyText(event, err.message);
        return;
      }
      this.deps.log.error({ err, platform: event.platform, dedupeKey: event.dedupeKey }, 'inbound event failed');
      await this.replyText(event, t(locale, 'bot.failed'));
    }
  }

  async execute<R>(event: BotEvent, command: string, payload: Record<string, unknown>): Promise<R> {
    const def = this.deps.commands.get(command);
    if (!def) throw new Error(`unknown bot command ${command}`);
    const principal = await this.deps.directory.principalFor(event.plantId, event.sender.personId, event.platform);
    if (!principal) throw new AppError('forbidden', 'unknown sender');
    if (def.right && !hasRight(principal, def.right)) {
      throw new AppError('forbidden', t(principal.locale, 'bot.no_right', { right: def.right }), { right: def.right });
    }
    return this.deps.db.transaction(async (tx) => {
      const ins = await tx.query('INSERT INTO inbound_dedupe (platform, dedupe_key, plant_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        event.platform,
        `${event.dedupeKey}|${command}`,
        event.plantId,
      ]);
      if (ins.rowCount === 0) throw new Duplicate();
      return (await def.run({ tx, principal, event, payload })) as R;
    });
  }

  async reply(event: BotEvent, messageKey: string, params: Record<string, unknown> = {}): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      await enqueueDelivery(tx, this.deps.jobs, event.plantId, { personId: event.sender.personId, platform: event.platform }, { type: 'text', messageKey, params });
    });
  }

  private async replyText(event: BotEvent, text: string): Promise<void> {
    await this.reply(event, 'bot.raw', { text });
  }
}
