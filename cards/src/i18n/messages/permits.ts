import { MessageFragment } from '../messageTypes';

/** User-facing text of the permits capability. Keys are dotted ids; {name} placeholders are filled by t(). */
export const permitsMessages: MessageFragment = {
  'zh-CN': {},
  en: {},
};
