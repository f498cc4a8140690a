import pino, { Logger } from 'pino';

/** Query parameters whose values are secrets or single-use credentials. */
const SECRET_PARAMS = /([?&](?:access_token|token|key|code|secret|ticket|echostr|signature|msg_signature|corpsecret|appSecret)=)[^&#\s]*/gi;

/** Replaces secret query values in a URL (or any string holding one) with `[redacted]`. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]');
}

/** Header and body paths pino blanks out wherever they appear in a log record. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'authorization',
  'token',
  'accessToken',
  'access_token',
  'secret',
  'password',
  'config.headers.Authorization',
  '*.token',
  '*.secret',
  '*.accessToken',
  '*.access_token',
];

/** Creates the process logger; `destination` lets tests capture output. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        err: pino.stdSerializers.err,
        url: (u: unknown) => (typeof u === 'string' ? redactUrl(u) : u),
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

export type { Logger };
