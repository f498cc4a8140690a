import type { Card, Notice } from '../../../../cards/src/model';
import type { OutboundContent, Platform, SentRef, Target } from '../../../../bot/src/messenger';
import { t } from '../../../../cards/src/i18n/catalogue';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db';
import type { Directory, PersonInfo } from '../directory/directory';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { CardRegistry } from './cardRegistry';
import type { DeliveryContent, DeliveryJob } from './deliveryTypes';
import type { MessengerRegistry } from './messengerRegistry';

/** What the delivery jobs need. */
export interface DeliveryDeps {
  db: Db;
  directory: Directory;
  cards: CardRegistry;
  messengers: MessengerRegistry;
  log: Logger;
  metrics: Metrics;
  publicUrl: string;
}

interface GroupRow {
  id: string;
  key: string;
  name: string;
  data: { platform: Platform; chatId?: string; robotKeyRef?: string };
}

async function build(deps: DeliveryDeps, plantId: string, content: DeliveryContent, viewer: PersonInfo | null, locale: string, cardVersion: number): Promise<OutboundContent | null> {
  if (content.type === 'text') return { type: 'text', text: t(locale, content.messageKey, content.params ?? {}) };
  const built = await deps.cards.get(content.kind)({
    q: deps.db,
    plantId,
    viewer,
    locale,
    timezone: await deps.directory.timezone(plantId),
    subjectId: content.subjectId,
    params: content.params ?? {},
    publicUrl: deps.publicUrl,
    cardVersion,
  });
  if (!built) return null;
  return content.type === 'card' ? { type: 'card', card: built as Card } : { type: 'notice', notice: built as Notice };
}

/**
 * The 'deliver' job: builds the card from current data and hands it to the recipient's
 * messenger. A re-run of the same job (at-least-once delivery) finds its sent row and stops.
 */
export function deliveryHandler(deps: DeliveryDeps) {
  return async (job: DeliveryJob): Promise<void> => {
    const done = await deps.db.query('SELECT 1 FROM sent_messages WHERE delivery_id = $1', [job.deliveryId]);
    if (done.rowCount > 0) return;
    let target: Target;
    let viewer: PersonInfo | null = null;
    let platform: Platform;
    if ('personId' in job.to) {
      viewer = await deps.directory.person(job.plantId, job.to.personId);
      if (!viewer) {
        deps.log.warn({ delivery: job.deliveryId, personId: job.to.personId }, 'delivery to an unknown person dropped');
        deps.metrics.deliveries.inc({ platform: 'none', outcome: 'unknown_person' });
        return;
      }
      const reach = deps.messengers.forPerson(viewer, job.to.platform);
      if (!reach) {
        deps.log.warn({ delivery: job.deliveryId, person: viewer.key }, 'no enabled messenger knows this person; message not sent');
        deps.metrics.deliveries.inc({ platform: 'none', outcome: 'unreachable' });
        return;
      }
      platform = reach.messenger.platform;
      target = { kind: 'person', plantId: job.plantId, platform, personId: viewer.id, userId: reach.userId, locale: viewer.locale };
    } else {
      const g = (await deps.db.query<GroupRow>('SELECT id, key, name, data FROM groups WHERE plant_id = $1 AND key = $2 AND deleted_at IS NULL', [job.plantId, job.to.groupKey])).rows[0];
      if (!g) {
        deps.log.warn({ delivery: job.deliveryId, group: job.to.groupKey }, 'delivery to an unknown group dropped');
        return;
      }
      platform = g.data.platform;
      const robotKey = g.data.robotKeyRef ? `env:${g.data.robotKeyRef}` : undefined;
      target = { kind: 'group', plantId: job.plantId, platform, groupId: g.id, chatId: g.data.chatId, robotKey, locale: 'zh-CN' };
    }
    const messenger = deps.messengers.get(platform);
    if (!messenger) {
      deps.log.warn({ delivery: job.deliveryId, platform }, 'the platform of this recipient is not enabled; message not sent');
      deps.metrics.deliveries.inc({ platform, outcome: 'platform_disabled' });
      return;
    }
    const content = await build(deps, job.plantId, job.content, viewer, target.locale, 1);
    if (!content) return;
    const sent = await messenger.send(target, content, { deliveryId: job.deliveryId });
    deps.metrics.deliveries.inc({ platform, outcome: 'sent' });
    const c = job.content;
    await deps.db.query(
      `INSERT INTO sent_messages (id, plant_id, delivery_id, platform, target, sent_ref, card_kind, subject_type, subject_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (delivery_id) DO NOTHING`,
      [randomUUID(), job.plantId, job.deliveryId, platform, JSON.stringify(target), JSON.stringify(sent), c.type === 'card' ? c.kind : null, c.type === 'text' ? null : c.subjectType, c.type === 'text' ? null : c.subjectId],
    );
  };
}

interface SentRow {
  id: string;
  platform: Platform;
  target: Target;
  sent_ref: SentRef;
  card_kind: string;
  subject_id: string;
  card_version: number;
}

/**
 * The 'refresh-cards' job: every card already sent about a subject is rebuilt for its viewer
 * and updated in place; where the platform cannot (spent WeCom response_code), a fresh card
 * replaces it.
 */
export function refreshHandler(deps: DeliveryDeps) {
  return async (job: { plantId: string; subjectType: string; subjectId: string }): Promise<void> => {
    const rows = await deps.db.query<SentRow>(
      `SELECT id, platform, target, sent_ref, card_kind, subject_id, card_version FROM sent_messages
       WHERE plant_id = $1 AND subject_type = $2 AND subject_id = $3 AND card_kind IS NOT NULL ORDER BY created_at`,
      [job.plantId, job.subjectType, job.subjectId],
    );
    for (const row of rows.rows) {
      const messenger = deps.messengers.get(row.platform);
      if (!messenger || row.target.kind !== 'person') continue;
      const viewer = await deps.directory.person(job.plantId, row.target.personId);
      if (!viewer) continue;
      const content = await build(deps, job.plantId, { type: 'card', kind: row.card_kind, subjectType: job.subjectType, subjectId: row.subject_id }, viewer, viewer.locale, row.card_version + 1);
      if (!content || content.type !== 'card') continue;
      const outcome = await messenger.update(row.sent_ref, content.card);
      let ref = row.sent_ref;
      if (outcome === 'resend_required') ref = await messenger.send(row.target, content, { deliveryId: `${row.id}:v${row.card_version + 1}` });
      await deps.db.query('UPDATE sent_messages SET card_version = card_version + 1, sent_ref = $2, updated_at = now() WHERE id = $1', [row.id, JSON.stringify(ref)]);
      deps.metrics.deliveries.inc({ platform: row.platform, outcome: outcome === 'updated' ? 'updated' : 'resent' });
    }
  };
}
