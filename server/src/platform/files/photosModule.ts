import type { ServerModule } from '../serverDeps';
import { PHOTO_QUEUE } from './photoCommands';
import { photoJobHandler } from './photoJob';
import { registerPhotoRoutes } from './photoRoutes';

/** Photo evidence: upload that answers at once, background variants + EXIF check, variant downloads. */
export const photosModule: ServerModule = {
  name: 'photos',
  register(deps) {
    // Two workers: pixel work runs in libuv threads, so both cores are used.
    deps.jobs.register(PHOTO_QUEUE, photoJobHandler(deps), { concurrency: 2, batchSize: 1, expireInSeconds: 120, retryLimit: 3 });
    registerPhotoRoutes(deps);
  },
};
