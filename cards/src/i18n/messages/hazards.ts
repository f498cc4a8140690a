import { MessageFragment } from '../messageTypes';

/** User-facing text of the hazards capability. Keys are dotted ids; {name} placeholders are filled by t(). */
export const hazardsMessages: MessageFragment = {
  'zh-CN': {},
  en: {},
};
