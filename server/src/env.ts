import { z } from 'zod';

/**
 * The only module that reads the process environment. Every variable is documented here and in
 * `.env.sample`; an invalid value stops start-up with a list of every problem.
 */
const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');
const int = (def: number) => z.coerce.number().int().nonnegative().default(def);

const EnvSchema = z
  .object({
    /** HTTP port. */
    PORT: int(3000),
    /** Interface to bind. */
    HOST: z.string().default('0.0.0.0'),
    /** Base URL people reach the server at (links in cards, QR codes); defaults to http://localhost:PORT. */
    PUBLIC_URL: z.string().url().optional(),
    /** Embedded database, files and lock live here. */
    DATA_DIR: z.string().default('./data'),
    /** PostgreSQL connection string; unset = embedded PGlite under DATA_DIR/pg. */
    DATABASE_URL: z.string().optional(),
    /** node-postgres pool size per instance. */
    DATABASE_POOL_MAX: int(10),
    /** Folder of plant files (*.yaml), one plant each. */
    PLANT_DIR: z.string().default('./server/plants'),
    /** Root secret for session tokens and QR tokens; unset in embedded mode = generated into DATA_DIR once. */
    APP_SECRET: z.string().min(32).optional(),
    /** Sandbox chat on/off; default: on only when no WeCom/DingTalk credentials are configured. */
    SANDBOX: bool.optional(),
    /** Demo profile: plant-configured hours become seconds (never in production). */
    DEMO_PROFILE: bool.default(false),
    /** pino level. */
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Largest JSON body accepted. */
    BODY_LIMIT_BYTES: int(1_000_000),
    /** Largest file upload accepted (photos). */
    UPLOAD_LIMIT_BYTES: int(20 * 1024 * 1024),
    /** Session token lifetime for the mini-program / H5 / Sandbox. */
    SESSION_TTL_SECONDS: int(12 * 3600),
    /** Requests per minute per client IP on login, callback and upload endpoints. */
    RATE_LIMIT_PER_MINUTE: int(120),
    /** How often job workers poll (seconds, ≥ 0.5); latency-sensitive queues are also woken after commit. */
    JOB_POLL_SECONDS: z.coerce.number().min(0.5).default(1),
    /** pg-boss maintenance period (seconds): bounds how long a job held by a killed instance waits past its expiry. */
    JOB_MAINTENANCE_SECONDS: z.coerce.number().int().min(10).max(3600).default(120),
    /** WeCom self-built app credentials (all five together enable WeCom). */
    WECOM_CORP_ID: z.string().optional(),
    WECOM_AGENT_ID: z.string().optional(),
    WECOM_SECRET: z.string().optional(),
    WECOM_TOKEN: z.string().optional(),
    WECOM_ENCODING_AES_KEY: z.string().length(43).optional(),
    /** WeCom API base (a local peer in tests and the demo). */
    WECOM_API_BASE: z.string().url().default('https://qyapi.weixin.qq.com'),
    /** Path of the WeCom callback endpoint. */
    WECOM_CALLBACK_PATH: z.string().startsWith('/').default('/wecom/callback'),
    /** Callback timestamps further than this from now are refused. */
    WECOM_TIMESTAMP_WINDOW_SECONDS: int(300),
    /** DingTalk app credentials (client id + secret + robot code enable DingTalk stream mode). */
    DINGTALK_CLIENT_ID: z.string().optional(),
    DINGTALK_CLIENT_SECRET: z.string().optional(),
    DINGTALK_ROBOT_CODE: z.string().optional(),
    /** Card template id built in DingTalk's card platform for the generic interactive card. */
    DINGTALK_CARD_TEMPLATE_ID: z.string().optional(),
    /** DingTalk OpenAPI bases and stream gateway (a local peer in tests and the demo). */
    DINGTALK_API_BASE: z.string().url().default('https://api.dingtalk.com'),
    DINGTALK_OAPI_BASE: z.string().url().default('https://oapi.dingtalk.com'),
    DINGTALK_GATEWAY_URL: z.string().url().default('https://api.dingtalk.com/v1.0/gateway/connections/open'),
    /** Photos with more pixels than this are refused (decompression-bomb guard; 108 MP phones fit). */
    PHOTO_MAX_PIXELS: int(120_000_000),
    /** WeChat mini-program appid + secret (both enable wx.login sign-in with a one-time binding code). */
    WECHAT_APP_ID: z.string().optional(),
    WECHAT_APP_SECRET: z.string().optional(),
    /** WeChat API base for jscode2session (a local peer in tests and the demo). */
    WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  });

/** Variables that only make sense together: all set, or none. */
const GROUPS = [
  ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'],
  ['DINGTALK_CLIENT_ID', 'DINGTALK_CLIENT_SECRET', 'DINGTALK_ROBOT_CODE'],
  ['WECHAT_APP_ID', 'WECHAT_APP_SECRET'],
] as const;

/** Cross-field problems, checked on the raw input so they are listed with the field problems. */
function groupProblems(raw: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  for (const group of GROUPS) {
    const set = group.filter((k) => raw[k]);
    if (set.length > 0 && set.length < group.length) {
      for (const k of group.filter((k) => !raw[k])) out.push(`${k}: required when ${set[0]} is set`);
    }
  }
  return out;
}

/** Parsed settings plus a reader for secrets named by plant files (`secretRef`). */
export type Env = z.infer<typeof EnvSchema> & {
  /** Is WeCom fully configured? */
  wecomEnabled: boolean;
  /** Is DingTalk fully configured? */
  dingtalkEnabled: boolean;
  /** Is the Sandbox chat on (explicit SANDBOX, else only without real messengers)? */
  sandboxEnabled: boolean;
  /** Looks up a secret by the env name a plant file references. */
  secret(name: string): string | undefined;
};

/** Raised with every invalid variable listed, so one start shows all of them. */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid environment:\n  ${problems.join('\n  ')}`);
  }
}

/** Parses an environment (the process's by default; tests pass their own). */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings (from .env templates) mean "unset".
  const clean = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(clean);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)),
    ...groupProblems(clean),
  ];
  if (!parsed.success || problems.length) throw new EnvError(problems);
  const e = parsed.data;
  const wecomEnabled = Boolean(e.WECOM_CORP_ID);
  const dingtalkEnabled = Boolean(e.DINGTALK_CLIENT_ID);
  const snapshot = { ...clean };
  return {
    ...e,
    wecomEnabled,
    dingtalkEnabled,
    sandboxEnabled: e.SANDBOX ?? (!wecomEnabled && !dingtalkEnabled),
    secret: (name: string) => snapshot[name],
  };
}
