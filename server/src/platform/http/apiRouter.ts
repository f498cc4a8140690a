import Router from '@koa/router';
import type { Middleware, Next } from 'koa';
import { z } from 'zod';
import { hasRight, Principal } from '../auth/principal';
import { AppError } from '../errors';
import type { Authenticator } from './authenticator';
import type { AppContext, AppState } from './koaTypes';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a handler receives: validated input and, on authenticated routes, the principal. */
export interface RouteInput<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  principal: Principal;
}

/** One HTTP route: its schema (validated and published in OpenAPI), its guard and its handler. */
export interface RouteDef<B = unknown, Q = unknown, P = unknown> {
  method: Method;
  /** Koa-style path, e.g. `/api/hazards/:id`. */
  path: string;
  summary: string;
  tags: string[];
  /** Requires a principal (default true). */
  auth?: boolean;
  /** A right checked before the handler runs (403 otherwise). */
  right?: string;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** Response schema, for the OpenAPI document. */
  response?: z.ZodType;
  /** Success status (default 200, or 201 for POST routes that declare `idempotent`). */
  status?: number;
  /** Accepts an Idempotency-Key header (create calls). */
  idempotent?: boolean;
  /** Non-JSON response type for the document (text/csv, image/png …). */
  produces?: string;
  /** Extra middleware before validation (rate limits, raw body readers). */
  before?: Middleware<AppState>[];
  /** Returns the JSON body; returning undefined means the handler set ctx.body itself. */
  handler(ctx: AppContext, input: RouteInput<B, Q, P>): Promise<unknown>;
}

/** Formats zod issues so the message names the first bad field. */
export function validationError(where: 'body' | 'query' | 'params', issues: z.core.$ZodIssue[]): AppError {
  const fields = issues.map((i) => ({ field: [where, ...i.path.map(String)].join('.'), message: i.message }));
  return new AppError('validation_failed', `Invalid ${fields[0].field}: ${fields[0].message}`, { fields });
}

function parseWith<T>(schema: z.ZodType<T> | undefined, value: unknown, where: 'body' | 'query' | 'params'): T {
  if (!schema) return value as T;
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(where, r.error.issues);
  return r.data;
}

/** Collects route definitions into a Koa router and an OpenAPI document. */
export class ApiRouter {
  readonly router = new Router<AppState>();
  readonly defs: RouteDef<unknown, unknown, unknown>[] = [];

  constructor(private readonly auth: Authenticator) {}

  /** Adds a route. */
  route<B, Q, P>(def: RouteDef<B, Q, P>): void {
    this.defs.push(def as RouteDef<unknown, unknown, unknown>);
    const status = def.status ?? (def.method === 'post' && def.idempotent ? 201 : 200);
    const mark = async (ctx: AppContext, next: Next) => {
      ctx.state.route = def.path;
      await next();
    };
    const run = async (ctx: AppContext) => {
      let principal: Principal | undefined;
      if (def.auth !== false) {
        principal = await this.auth.require(ctx);
        if (def.right && !hasRight(principal, def.right)) {
          throw new AppError('forbidden', `Missing right ${def.right}`, { right: def.right });
        }
      }
      const input: RouteInput<B, Q, P> = {
        params: parseWith(def.params, ctx.params, 'params'),
        query: parseWith(def.query, ctx.query, 'query'),
        body: parseWith(def.body, (ctx.request as { body?: unknown }).body, 'body'),
        principal: principal as Principal,
      };
      const out = await def.handler(ctx, input);
      if (out !== undefined) {
        ctx.status = status;
        ctx.body = out;
      }
    };
    this.router[def.method](def.path, mark, ...(def.before ?? []), run);
  }

  /** The OpenAPI 3.1 document of every route added so far. */
  openapi(info: { title: string; version: string }): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    const toJson = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
    for (const d of this.defs) {
      const oaPath = d.path.replace(/:(\w+)/g, '{$1}');
      const parameters: unknown[] = [];
      for (const [where, schema] of [['path', d.params], ['query', d.query]] as const) {
        if (!schema) continue;
        const js = toJson(schema) as { properties?: Record<string, unknown>; required?: string[] };
        for (const [name, s] of Object.entries(js.properties ?? {})) {
          parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s });
        }
      }
      if (d.idempotent) {
        parameters.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 }, description: 'Same key + same body → the stored answer; same key + different body → 409' });
      }
      const ok = String(d.status ?? (d.method === 'post' && d.idempotent ? 201 : 200));
      paths[oaPath] ??= {};
      paths[oaPath][d.method] = {
        summary: d.summary,
        tags: d.tags,
        ...(d.auth === false ? { security: [] } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(d.body ? { requestBody: { required: true, content: { 'application/json': { schema: toJson(d.body) } } } } : {}),
        responses: {
          [ok]: {
            description: 'OK',
            content: { [d.produces ?? 'application/json']: { schema: d.response ? toJson(d.response) : {} } },
          },
          default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      };
    }
    return {
      openapi: '3.1.0',
      info,
      paths,
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
        schemas: {
          Error: {
            type: 'object',
            properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } }, required: ['code', 'message'] } },
          },
        },
      },
      security: [{ bearerAuth: [] }],
    };
  }
}
