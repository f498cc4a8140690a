import { MessageFragment } from '../messageTypes';

/** User-facing text of the platform capability. Keys are dotted ids; {name} placeholders are filled by t(). */
export const platformMessages: MessageFragment = {
  'zh-CN': {
    // Generic card words added by the renderers (cards/src/render/*).
    'card.submit': '提交',
    'card.more': '更多',
    'card.details': '查看详情',
    'card.awaiting_action': '等待处理',
    'card.view_image': '查看图片',
    'card.tone.info': '通知',
    'card.tone.success': '已完成',
    'card.tone.warning': '注意',
    'card.tone.danger': '紧急',
    'photo_link.bad_link': '照片链接无效。',
    'photo_link.expired': '照片链接已过期，请重新导出台账。',
  },
  en: {
    'card.submit': 'Submit',
    'card.more': 'More',
    'card.details': 'View details',
    'card.awaiting_action': 'Awaiting action',
    'card.view_image': 'View photo',
    'card.tone.info': 'Notice',
    'card.tone.success': 'Done',
    'card.tone.warning': 'Attention',
    'card.tone.danger': 'Urgent',
    'photo_link.bad_link': 'This photo link is not valid.',
    'photo_link.expired': 'This photo link has expired; export the ledger again.',
  },
};
