import { MessageFragment } from '../messageTypes';

/** User-facing text of the alarms capability. Keys are dotted ids; {name} placeholders are filled by t(). */
export const alarmsMessages: MessageFragment = {
  'zh-CN': {},
  en: {},
};
