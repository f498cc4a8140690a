import type { WecomApi } from '../../../../bot/src/adapters/wecom/wecomApi';
import { toBotEvent, WecomInboundDeps, WecomSender } from '../../../../bot/src/adapters/wecom/wecomInbound';
import type { WecomSentRefData } from '../../../../bot/src/adapters/wecom/wecomMessengerTypes';
import { hasRight } from '../../platform/auth/principal';
import { enqueueDelivery } from '../../platform/delivery/delivery';
import { appendEvidence } from '../../platform/evidence/evidenceChain';
import { AppError } from '../../platform/errors';
import { storeImage } from '../../platform/files/fileService';
import type { ServerDeps } from '../../platform/serverDeps';
import { KeyedSerial } from '../../platform/concurrency/keyedSerial';
import { WECOM_REPLY_QUEUE, type WecomInboundJob, type WecomReplyJob } from './wecomQueues';
import type { WecomResponseCodeRepo } from './wecomResponseCodeRepo';
import { wecomPersonResolver } from './resolveWecomPerson';

/** Refusals of the photo pipeline that mean "not an image we take", not "try again". */
const NOT_AN_IMAGE = new Set(['unsupported_media_type', 'payload_too_large', 'validation_failed']);

/**
 * The 'wecom-inbound' job: turns a stored callback into a BotEvent (photos downloaded by MediaId
 * and stored like any upload) and hands it to the same pipeline the Sandbox uses. Jobs of one
 * sender run one after another in this process, so "photo, then description" keeps its order even
 * while the photo download is slow.
 */
export function wecomInboundHandler(deps: ServerDeps, api: Pick<WecomApi, 'getMedia'>, codes: WecomResponseCodeRepo) {
  const serial = new KeyedSerial();
  const resolve = wecomPersonResolver(deps.directory);
  const inboundDeps: WecomInboundDeps = {
    async resolveSender(userId) {
      const person = await resolve(userId);
      return person ? { plantId: person.plantId, personId: person.id } : null;
    },
    fetchMedia: (mediaId) => api.getMedia(mediaId),
    storeImage: (sender, media) => storePhoto(deps, sender, media.buffer, media.filename),
    now: () => deps.now(),
  };
  return async (job: WecomInboundJob): Promise<void> =>
    serial.run(job.message.fromUserName, async () => {
      const outcome = await toBotEvent(job.message, job.dedupeKey, inboundDeps);
      if (outcome.type === 'event') {
        const ref = outcome.event.sentRef?.ref as WecomSentRefData | undefined;
        // The click's own code is fresher than the one from message/send: keep it for the update.
        if (ref?.kind === 'card' && ref.responseCode) {
          await codes.add({ plantId: ref.plantId, taskId: ref.taskId, userId: ref.userId, responseCode: ref.responseCode, source: 'callback', issuedAt: new Date(job.receivedAt) });
        }
        deps.metrics.events.inc({ kind: `wecom_inbound_${outcome.event.kind}` });
        await deps.inbound.handle(outcome.event);
      } else if (outcome.type === 'reply') {
        await deps.db.transaction((tx) =>
          enqueueDelivery(tx, deps.jobs, outcome.sender.plantId, { personId: outcome.sender.personId, platform: 'wecom' }, { type: 'text', messageKey: outcome.messageKey }),
        );
      } else if (outcome.type === 'unknown_sender') {
        await handleUnknownSender(deps, outcome.userId);
      } else {
        deps.metrics.events.inc({ kind: `wecom_inbound_ignored_${outcome.reason}` });
      }
    });
}

/** Stores a WeCom photo as a file of the plant (evidence 'file.stored'); null when it is not an image we take. */
async function storePhoto(deps: ServerDeps, sender: WecomSender, bytes: Buffer, filename: string | undefined): Promise<string | null> {
  const person = await deps.directory.person(sender.plantId, sender.personId);
  try {
    return await deps.db.transaction(async (tx) => {
      const f = await storeImage(tx, deps.blobs, { plantId: sender.plantId, bytes, originalName: filename ?? null, uploadedBy: sender.personId, maxBytes: deps.env.UPLOAD_LIMIT_BYTES });
      await appendEvidence(tx, {
        plantId: sender.plantId, kind: 'file.stored', subjectType: 'file', subjectId: f.id,
        actor: { type: 'person', id: sender.personId, label: person?.name, via: 'wecom' }, occurredAt: deps.now(),
        data: { sha256: f.sha256, size: f.size, mime: f.mime, source: 'wecom' },
      });
      return f.id;
    });
  } catch (err) {
    if (err instanceof AppError && NOT_AN_IMAGE.has(err.code)) return null;
    throw err;
  }
}

/**
 * A WeCom member who is no person of any plant: they get a short "not registered" reply, and the
 * admins of every plant a notice, once per member and day so one curious member cannot flood them.
 */
async function handleUnknownSender(deps: ServerDeps, userId: string): Promise<void> {
  deps.metrics.events.inc({ kind: 'wecom_unknown_sender' });
  const day = deps.now().toISOString().slice(0, 10);
  const plants = await deps.directory.plantIds();
  const admins: Array<{ plantId: string; personId: string }> = [];
  for (const plantId of plants) {
    for (const p of await deps.directory.people(plantId)) {
      const rights = new Set(await deps.directory.rightsOf(plantId, p.roles));
      if (hasRight({ rights }, 'admin.sync')) admins.push({ plantId, personId: p.id });
    }
  }
  await deps.db.transaction(async (tx) => {
    const reply: WecomReplyJob = { userId, messageKey: 'bot.unknown_sender', locale: 'zh-CN' };
    await deps.jobs.send(tx, WECOM_REPLY_QUEUE, reply, { wake: true });
    const first = await tx.query("INSERT INTO inbound_dedupe (platform, dedupe_key) VALUES ('wecom-notice', $1) ON CONFLICT DO NOTHING", [`unknown:${userId}:${day}`]);
    if (first.rowCount === 0) return;
    for (const a of admins) {
      await enqueueDelivery(tx, deps.jobs, a.plantId, { personId: a.personId }, { type: 'text', messageKey: 'bot.unknown_sender_admin', params: { platform: 'wecom', userId } });
    }
  });
}
