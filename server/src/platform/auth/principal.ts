import { grantsRight } from '../config/rights';

/** How a principal was authenticated. */
export type PrincipalVia = 'sandbox' | 'session' | 'api_token' | 'wecom' | 'dingtalk' | 'local_admin' | 'system';

/**
 * Who is acting. Built only from a verified session (platform callback, session token,
 * Sandbox session, API token), never from a request body.
 */
export interface Principal {
  plantId: string;
  /** The person, when there is one (API tokens may have no owner). */
  personId: string | null;
  /** Display name for evidence and logs. */
  label: string;
  roles: string[];
  /** Effective rights: role rights, narrowed by an API token's scope. '*' = every right. */
  rights: ReadonlySet<string>;
  via: PrincipalVia;
  /** The API token id when via = api_token. */
  tokenId?: string;
  locale: string;
}

/** Does the principal hold this right? */
export function hasRight(p: Pick<Principal, 'rights'>, right: string): boolean {
  return grantsRight(p.rights, right);
}

/** Intersects role rights with a token scope ('*' keeps the role's rights). */
export function narrowRights(roleRights: readonly string[], scope: readonly string[]): Set<string> {
  if (scope.includes('*')) return new Set(roleRights);
  if (roleRights.includes('*')) return new Set(scope);
  return new Set(roleRights.filter((r) => hasRight({ rights: new Set(scope) }, r)));
}

/** The evidence actor for a principal. */
export function actorOf(p: Principal): { type: 'person' | 'api' | 'system'; id: string; label: string; via: string } {
  if (p.via === 'system') return { type: 'system', id: p.label, label: p.label, via: p.via };
  if (p.personId) return { type: 'person', id: p.personId, label: p.label, via: p.via };
  return { type: 'api', id: p.tokenId ?? 'local_admin', label: p.label, via: p.via };
}
