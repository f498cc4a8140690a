import { t } from '../lib/t';
import { ApiError } from '../services/apiError';
import { reportHazard, type ReportHazardBody } from '../services/hazards/reportHazard';
import { startRectification } from '../services/hazards/startRectification';
import { submitRectification } from '../services/hazards/submitRectification';
import { uploadPhoto } from '../services/photos/uploadPhoto';
import { recordConsent } from '../services/privacy/recordConsent';
import { BindingRequiredError, relogin } from '../services/session';
import { NetworkError } from '../services/transport';
import {
  newClientId, OutboxEngine, OutboxFullError, TransportError,
  type OutboxFix, type OutboxItem, type OutboxKind, type OutboxPhoto, type OutboxStore,
} from './outboxCore';

const KEY = 'anquan.outbox.v1';

/** Turns a service error into what the outbox decides on. */
export function transportErrorOf(err: unknown): TransportError {
  if (err instanceof TransportError) return err;
  if (err instanceof NetworkError) return new TransportError('network', 'network', err.message);
  if (err instanceof BindingRequiredError) return new TransportError('auth', 'binding_required', err.message, 403);
  if (err instanceof ApiError) {
    if (err.status === 401) return new TransportError('auth', err.code, err.message, 401);
    if (err.status >= 500 || err.status === 429) return new TransportError('server', err.code, err.message, err.status);
    return new TransportError('rejected', err.code, err.message, err.status);
  }
  return new TransportError('network', 'unknown', String((err as Error)?.message ?? err));
}

const wrap = async <T>(fn: () => Promise<T>): Promise<T> => {
  try {
    return await fn();
  } catch (err) {
    throw transportErrorOf(err);
  }
};

/** assigned → rectifying first (the machine submits only from rectifying); already started is fine. */
async function startIfAssigned(hazardId: string, itemId: string): Promise<void> {
  try {
    await startRectification(hazardId, `${itemId}-start`);
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 409 && err.code === 'action_refused')) throw err;
  }
}

/** wx storage: the item list under one key (at most 1 MB, the outbox budget keeps it under). */
const store: OutboxStore = {
  load: async () => (wx.getStorageSync(KEY) as OutboxItem[] | '') || [],
  save: async (items) => wx.setStorageSync(KEY, items),
};

let engine: OutboxEngine | null = null;

/** The phone's outbox (one per app). */
export function outbox(): OutboxEngine {
  if (!engine) {
    engine = new OutboxEngine({
      store,
      now: () => Date.now(),
      random: Math.random,
      files: {
        remove: async (ref) => {
          try {
            wx.getFileSystemManager().unlinkSync(ref);
          } catch (err) {
            // Already gone (the system may clean user files): nothing left to free.
            console.warn('outbox: could not remove', ref, err);
          }
        },
      },
      transport: {
        uploadPhoto: (photo: OutboxPhoto, item: OutboxItem) =>
          wrap(() => uploadPhoto(photo.ref, { clientId: photo.clientId, capturedAt: item.capturedAt, fix: item.fix, areaKey: item.payload.areaKey as string | undefined })),
        send: (item, ids) =>
          wrap(async () => {
            if (item.kind === 'hazard.report') return reportHazard({ ...(item.payload as unknown as ReportHazardBody), photoFileIds: ids }, item.id);
            if (item.kind === 'hazard.rectify') {
              const p = item.payload as { hazardId: string; note?: string };
              await startIfAssigned(p.hazardId, item.id);
              return submitRectification(p.hazardId, { afterPhotoIds: ids, ...(p.note ? { note: p.note } : {}) }, item.id);
            }
            return recordConsent(item.payload as never, item.id);
          }),
        relogin: () => wrap(async () => { await relogin(); }),
      },
    });
  }
  return engine;
}

/** Compresses a camera photo and copies it where the system will not clean it up. */
async function persistPhoto(tempPath: string, clientId: string): Promise<OutboxPhoto> {
  // Compress before queueing: a 4 MB camera JPEG becomes ~1 MB, so the quota holds ~150 photos.
  const { tempFilePath } = await wx.compressImage({ src: tempPath, quality: 80 });
  const fs = wx.getFileSystemManager();
  const dir = `${wx.env.USER_DATA_PATH}/outbox`;
  try {
    fs.accessSync(dir);
  } catch {
    fs.mkdirSync(dir, true);
  }
  const ref = `${dir}/${clientId}.jpg`;
  fs.copyFileSync(tempFilePath, ref);
  const size = (fs.statSync(ref) as WechatMiniprogram.Stats).size;
  return { clientId, ref, size };
}

/** What a page queues. */
export interface Capture {
  kind: OutboxKind;
  payload: Record<string, unknown>;
  tempPhotoPaths: string[];
  capturedAt: string;
  fix: OutboxFix | null;
  label?: string;
}

/**
 * Queues a capture: compresses and persists its photos, checks the budget (a clear message when
 * the phone is full), adds the item, and tries to send at once. Returns the item id.
 */
export async function queueCapture(c: Capture): Promise<{ id: string; message: string | null }> {
  const ob = outbox();
  const id = newClientId(Date.now(), Math.random);
  const photos: OutboxPhoto[] = [];
  try {
    for (let i = 0; i < c.tempPhotoPaths.length; i++) photos.push(await persistPhoto(c.tempPhotoPaths[i], `${id}-p${i}`));
    await ob.add({ id, kind: c.kind, createdAt: new Date().toISOString(), capturedAt: c.capturedAt, fix: c.fix, payload: c.payload, photos, ...(c.label ? { label: c.label } : {}) });
  } catch (err) {
    for (const p of photos) wx.getFileSystemManager().unlink({ filePath: p.ref });
    if (err instanceof OutboxFullError) return { id, message: t(`miniprogram.outbox.full_${err.reason}`) };
    throw err;
  }
  void ob.flush();
  return { id, message: null };
}
