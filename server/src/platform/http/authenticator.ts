import { timingSafeEqual } from 'node:crypto';
import { findApiToken, API_TOKEN_PREFIX } from '../auth/apiTokens';
import { narrowRights, Principal } from '../auth/principal';
import { SessionTokens } from '../auth/sessionTokens';
import { Queryable } from '../db/db';
import { Directory } from '../directory/directory';
import { AppError } from '../errors';
import type { AppContext } from './koaTypes';

/** Cookie holding the Sandbox session token. */
export const SANDBOX_COOKIE = 'aq_sandbox';

/**
 * Builds the request's principal from what the request proves: an API token (`aq_…`), a session
 * token (mini-program / H5), the Sandbox cookie (only while the Sandbox is on), or the local
 * admin key written into DATA_DIR for the command-line tools.
 */
export class Authenticator {
  constructor(
    private readonly deps: {
      db: Queryable;
      directory: Directory;
      sessions: SessionTokens;
      sandboxEnabled: boolean;
      localAdminKey?: string;
    },
  ) {}

  /** The principal, or null when the request carries no credentials. Forged or expired → 401. */
  async resolve(ctx: AppContext): Promise<Principal | null> {
    if (ctx.state.principal) return ctx.state.principal;
    const header = ctx.get('authorization');
    let principal: Principal | null = null;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw new AppError('invalid_token', 'Authorization must be "Bearer <token>"');
      principal = await this.fromBearer(m[1], ctx);
    } else if (this.deps.sandboxEnabled) {
      const cookie = ctx.cookies.get(SANDBOX_COOKIE);
      if (cookie) principal = await this.fromSession(cookie, 'sandbox');
    }
    if (principal) ctx.state.principal = principal;
    return principal;
  }

  /** Like resolve, but a missing principal is a 401. */
  async require(ctx: AppContext): Promise<Principal> {
    const p = await this.resolve(ctx);
    if (!p) throw new AppError('unauthenticated');
    return p;
  }

  private async fromBearer(token: string, ctx: AppContext): Promise<Principal> {
    if (token.startsWith(API_TOKEN_PREFIX)) {
      const row = await findApiToken(this.deps.db, token);
      if (!row) throw new AppError('invalid_token');
      const roleRights = await this.deps.directory.rightsOf(row.plantId, [row.roleKey]);
      const owner = row.ownerPersonId ? await this.deps.directory.person(row.plantId, row.ownerPersonId) : null;
      return {
        plantId: row.plantId,
        personId: owner?.id ?? null,
        label: `token:${row.name}`,
        roles: [row.roleKey],
        rights: narrowRights(roleRights, row.scope),
        via: 'api_token',
        tokenId: row.id,
        locale: owner?.locale ?? 'zh-CN',
      };
    }
    if (this.deps.localAdminKey && safeEqual(token, this.deps.localAdminKey)) {
      const plants = await this.deps.directory.plantIds();
      const wanted = ctx.get('x-plant-id') || plants[0];
      if (!plants.includes(wanted)) throw new AppError('not_found', `plant ${wanted} not found`);
      return { plantId: wanted, personId: null, label: 'local-admin', roles: ['admin'], rights: new Set(['*']), via: 'local_admin', locale: 'zh-CN' };
    }
    const p = await this.fromSession(token, null);
    if (!p) throw new AppError('invalid_token');
    return p;
  }

  private async fromSession(token: string, requiredVia: string | null): Promise<Principal | null> {
    const claims = this.deps.sessions.verify(token);
    if (!claims) throw new AppError('invalid_token');
    if (requiredVia && claims.v !== requiredVia) throw new AppError('invalid_token');
    // A Sandbox session is only worth something while the Sandbox is on.
    if (claims.v === 'sandbox' && !this.deps.sandboxEnabled) throw new AppError('invalid_token');
    const via = claims.v === 'sandbox' ? 'sandbox' : claims.v === 'wecom' ? 'wecom' : claims.v === 'dingtalk' ? 'dingtalk' : 'session';
    const p = await this.deps.directory.principalFor(claims.p, claims.s, via);
    if (!p) throw new AppError('invalid_token', 'The session belongs to a person who no longer exists');
    return p;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
