import type { ResolvedSender } from '../../../../bot/src/adapters/dingtalk/dingtalkInbound';
import type { DingtalkMessengerApi } from '../../../../bot/src/adapters/dingtalk/dingtalkMessenger';
import { t } from '../../../../cards/src/i18n/catalogue';
import { enqueueDelivery } from '../../platform/delivery/delivery';
import type { PersonInfo } from '../../platform/directory/directory';
import type { ServerDeps } from '../../platform/serverDeps';

type IdentityDeps = Pick<ServerDeps, 'db' | 'jobs' | 'directory' | 'log' | 'metrics' | 'now'>;

/**
 * DingTalk userId ↔ person. One DingTalk app may serve several plants of one organisation, so a
 * sender is looked up in every plant (an id belongs to one person per plant; the first plant
 * that knows it wins). Unknown senders get a clear reply and the plants' admins are told, at
 * most once an hour per user.
 */
export class DingtalkIdentity {
  constructor(private readonly deps: IdentityDeps, private readonly api: Pick<DingtalkMessengerApi, 'sendRobotToUsers'>) {}

  /** The person behind a DingTalk userId, or null. */
  async resolve(userId: string): Promise<ResolvedSender | null> {
    for (const plantId of await this.deps.directory.plantIds()) {
      const p = await this.deps.directory.personByPlatform(plantId, 'dingtalk', userId);
      if (p) return { plantId, personId: p.id };
    }
    return null;
  }

  /**
   * Answers someone no plant knows: a reply once per message (dedupe key `eventKey`) and a
   * notice to the admins of every plant once per hour. Never throws: the frame is acked anyway.
   */
  async unknownSender(userId: string, eventKey: string): Promise<void> {
    this.deps.log.warn({ userId, eventKey }, 'dingtalk: message from a DingTalk user who is not a person of any plant; replied and told the admins');
    this.deps.metrics.events.inc({ kind: 'dingtalk_unknown_sender' });
    try {
      const fresh = await this.deps.db.query('INSERT INTO inbound_dedupe (platform, dedupe_key) VALUES ($1, $2) ON CONFLICT DO NOTHING', ['dingtalk', `${eventKey}|unknown_reply`]);
      if (fresh.rowCount > 0) {
        const text = `${t('zh-CN', 'bot.unknown_sender')}\n${t('en', 'bot.unknown_sender')}`;
        await this.api.sendRobotToUsers([userId], { msgKey: 'sampleText', msgParam: { content: text } });
      }
    } catch (err) {
      this.deps.log.warn({ err, userId }, 'dingtalk: could not reply to an unknown sender');
    }
    try {
      await this.notifyAdmins(userId);
    } catch (err) {
      this.deps.log.error({ err, userId }, 'dingtalk: could not notify the admins about an unknown sender');
    }
  }

  private async notifyAdmins(userId: string): Promise<void> {
    const hour = this.deps.now().toISOString().slice(0, 13);
    const plants = await this.deps.db.query<{ id: string; settings: { admins?: string[] } }>('SELECT id, settings FROM plants ORDER BY id');
    for (const plant of plants.rows) {
      const admins: PersonInfo[] = [];
      for (const key of plant.settings?.admins ?? []) {
        const p = await this.deps.directory.personByKey(plant.id, key);
        if (p) admins.push(p);
      }
      if (admins.length === 0) {
        this.deps.log.warn({ plant: plant.id }, 'dingtalk: plant has no admins (settings.admins) to tell about an unknown sender');
        continue;
      }
      await this.deps.db.transaction(async (tx) => {
        const fresh = await tx.query('INSERT INTO inbound_dedupe (platform, dedupe_key, plant_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
          'dingtalk', `unknown_sender:${plant.id}:${userId}:${hour}`, plant.id,
        ]);
        if (fresh.rowCount === 0) return;
        for (const admin of admins) {
          await enqueueDelivery(tx, this.deps.jobs, plant.id, { personId: admin.id }, { type: 'text', messageKey: 'bot.unknown_sender_admin', params: { platform: 'dingtalk', userId } });
        }
      });
    }
  }
}
