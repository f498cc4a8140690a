import type { ParameterizedContext } from 'koa';
import type { Logger } from '../log';
import type { Principal } from '../auth/principal';

/** What middlewares put on `ctx.state`. */
export interface AppState {
  requestId: string;
  log: Logger;
  principal?: Principal;
  /** The route pattern that matched (for metrics labels and idempotency). */
  route?: string;
}

/** The Koa context every handler receives. */
export type AppContext = ParameterizedContext<AppState>;
