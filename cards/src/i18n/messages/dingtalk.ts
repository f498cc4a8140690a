import { MessageFragment } from '../messageTypes';

/** User-facing text of the dingtalk capability. Keys are dotted ids; {name} placeholders are filled by t(). */
export const dingtalkMessages: MessageFragment = {
  'zh-CN': {},
  en: {},
};
