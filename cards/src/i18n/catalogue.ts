import { Locale, LOCALES, MessageFragment } from './messageTypes';
import { alarmsMessages } from './messages/alarms';
import { botMessages } from './messages/bot';
import { dingtalkMessages } from './messages/dingtalk';
import { hazardsMessages } from './messages/hazards';
import { miniprogramMessages } from './messages/miniprogram';
import { permitsMessages } from './messages/permits';
import { platformMessages } from './messages/platform';
import { wecomMessages } from './messages/wecom';

/** Every fragment, one per capability, merged into one catalogue per locale. */
export const FRAGMENTS: Record<string, MessageFragment> = {
  platform: platformMessages,
  bot: botMessages,
  hazards: hazardsMessages,
  permits: permitsMessages,
  alarms: alarmsMessages,
  wecom: wecomMessages,
  dingtalk: dingtalkMessages,
  miniprogram: miniprogramMessages,
};

const merged: Record<Locale, Record<string, string>> = { 'zh-CN': {}, en: {} };
for (const fragment of Object.values(FRAGMENTS)) {
  for (const locale of LOCALES) Object.assign(merged[locale], fragment[locale]);
}

/** True when the catalogue has this key (in the default locale). */
export function hasMessage(key: string): boolean {
  return key in merged['zh-CN'];
}

/**
 * Looks a message up and fills `{name}` placeholders. Falls back to zh-CN, then to the key
 * itself, so a missing translation is visible rather than blank.
 */
export function t(locale: Locale | string | undefined, key: string, params: Record<string, unknown> = {}): string {
  const loc: Locale = (LOCALES as readonly string[]).includes(locale ?? '') ? (locale as Locale) : 'zh-CN';
  const template = merged[loc][key] ?? merged['zh-CN'][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

export { LOCALES };
export type { Locale };
