/** The locales every message exists in; zh-CN is the default for users. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** One catalogue fragment: the same keys in every locale (checked by catalogue.test.ts). */
export type MessageFragment = Record<Locale, Record<string, string>>;
