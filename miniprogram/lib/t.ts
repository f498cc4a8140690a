import { MESSAGES } from '../generated/messages';

let locale = 'zh-CN';

/** Switches the language (from the signed-in person's locale). */
export function setLocale(next: string): void {
  locale = MESSAGES[next] ? next : 'zh-CN';
}

/** Looks a text up in the generated catalogue and fills `{name}` placeholders; falls back to zh-CN, then the key. */
export function t(key: string, params: Record<string, unknown> = {}): string {
  const template = MESSAGES[locale]?.[key] ?? MESSAGES['zh-CN']?.[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}
