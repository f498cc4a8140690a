import { MessageFragment } from '../messageTypes';

/** User-facing text of the miniprogram capability. Keys are dotted ids; {name} placeholders are filled by t(). */
export const miniprogramMessages: MessageFragment = {
  'zh-CN': {},
  en: {},
};
