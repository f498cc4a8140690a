import type { BotRouter } from '../../../bot/src/router';
import type { Env } from '../env';
import type { SessionTokens } from './auth/sessionTokens';
import type { CommandRegistry } from './bot/commandRegistry';
import type { InboundPipeline } from './bot/inboundPipeline';
import type { Db } from './db/db';
import type { CardRegistry } from './delivery/cardRegistry';
import type { MessengerRegistry } from './delivery/messengerRegistry';
import type { Directory } from './directory/directory';
import type { BlobStore } from './files/fileStore';
import type { HealthRegistry } from './health';
import type { ApiRouter } from './http/apiRouter';
import type { Authenticator } from './http/authenticator';
import type { Jobs } from './jobs/jobs';
import type { Logger } from './log';
import type { Metrics } from './metrics';

/** Everything a module may use; built once at start-up (tests build their own). */
export interface ServerDeps {
  env: Env;
  db: Db;
  log: Logger;
  jobs: Jobs;
  directory: Directory;
  sessions: SessionTokens;
  auth: Authenticator;
  blobs: BlobStore;
  metrics: Metrics;
  health: HealthRegistry;
  cards: CardRegistry;
  messengers: MessengerRegistry;
  commands: CommandRegistry;
  router: BotRouter;
  inbound: InboundPipeline;
  api: ApiRouter;
  /** Root secret (sessions, QR tokens derive their keys from it). */
  appSecret: string;
  /** Base URL for links in cards. */
  publicUrl: string;
  /** Injected clock, so tests and the demo profile can reason about time. */
  now(): Date;
}

/** A capability plugged into the server: registers routes, jobs, cards, bot listeners, leader work. */
export interface ServerModule {
  name: string;
  register(deps: ServerDeps): void | Promise<void>;
  /** Work that runs once per deployment, on the leader instance only. */
  leader?: { start(deps: ServerDeps): Promise<void>; stop(): Promise<void> };
}
