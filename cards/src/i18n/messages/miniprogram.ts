import { MessageFragment } from '../messageTypes';

/** User-facing text of the miniprogram capability. Keys are dotted ids; {name} placeholders are filled by t(). */
export const miniprogramMessages: MessageFragment = {
  'zh-CN': {
    'miniprogram.photo.code_pending': '待编号',
    'miniprogram.photo.no_place': '位置未知',
    'miniprogram.photo.outside_plant': '厂区外',
  },
  en: {
    'miniprogram.photo.code_pending': 'code pending',
    'miniprogram.photo.no_place': 'place unknown',
    'miniprogram.photo.outside_plant': 'outside the plant',
  },
};
