import { MessageFragment } from '../messageTypes';

/** User-facing text of the platform capability. Keys are dotted ids; {name} placeholders are filled by t(). */
export const platformMessages: MessageFragment = {
  'zh-CN': {},
  en: {},
};
