import { MessageFragment } from '../messageTypes';

/** User-facing text of the dingtalk capability. Keys are dotted ids; {name} placeholders are filled by t(). */
export const dingtalkMessages: MessageFragment = {
  'zh-CN': {
    'dingtalk.message.unsupported_type': '暂不支持这类消息，请发送文字或图片。',
    'dingtalk.message.external_sender': '只有本企业成员可以使用安全助手。',
    'dingtalk.image.download_failed': '图片未能接收，请重新发送。',
    'dingtalk.card.action_failed': '操作未完成，请稍后重试。',
    'dingtalk.card.processing': '已收到，正在处理。',
    'dingtalk.login.failed': '钉钉登录失败，请从工作台重新打开应用。',
    'dingtalk.login.unknown_person': '您的钉钉账号尚未登记在本厂人员名单中，请联系管理员。',
    'dingtalk.card.not_yours': '这张卡片不是发给您的，您不能在上面操作。',
    'dingtalk.card.expired': '这张卡片已失效，请以最新收到的卡片为准。',
    'dingtalk.stream.state.connected': '钉钉连接正常',
    'dingtalk.stream.state.reconnecting': '钉钉连接中断，正在重连',
    'dingtalk.stream.state.error': '钉钉连接失败：{reason}',
  },
  en: {
    'dingtalk.message.unsupported_type': 'This kind of message is not supported yet. Please send text or a photo.',
    'dingtalk.message.external_sender': 'Only members of this organisation can use the safety assistant.',
    'dingtalk.image.download_failed': 'The photo did not come through. Please send it again.',
    'dingtalk.card.action_failed': 'The action did not complete. Please try again later.',
    'dingtalk.card.processing': 'Received, processing.',
    'dingtalk.login.failed': 'DingTalk sign-in failed. Please open the app again from the workbench.',
    'dingtalk.login.unknown_person': 'Your DingTalk account is not registered in this plant. Please contact your administrator.',
    'dingtalk.card.not_yours': 'This card was not sent to you, so you cannot act on it.',
    'dingtalk.card.expired': 'This card is no longer valid. Please use the latest card you received.',
    'dingtalk.stream.state.connected': 'DingTalk connection is up',
    'dingtalk.stream.state.reconnecting': 'DingTalk connection dropped, reconnecting',
    'dingtalk.stream.state.error': 'DingTalk connection failed: {reason}',
  },
};
