import { MessageFragment } from '../messageTypes';

/** User-facing text of the wecom capability. Keys are dotted ids; {name} placeholders are filled by t(). */
export const wecomMessages: MessageFragment = {
  'zh-CN': {},
  en: {},
};
