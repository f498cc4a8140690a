import { MessageFragment } from '../messageTypes';

/** Generic bot replies and Sandbox page text. */
export const botMessages: MessageFragment = {
  'zh-CN': {
    'bot.raw': '{text}',
    'bot.failed': '处理失败，请稍后重试。如果问题持续，请联系管理员。',
    'bot.no_right': '您没有执行此操作的权限（{right}）。',
    'bot.help': '您好，我是安全生产助手。发送一张照片和一句话描述即可上报隐患，例如“3号配电箱未上锁”。',
    'bot.unknown_sender': '您尚未在本厂的人员名单中登记，暂时无法使用。已通知管理员。',
    'bot.unknown_sender_admin': '未登记人员 {platform}:{userId} 尝试使用机器人。',
    'sandbox.bot_name': '安全助手',
    'sandbox.banner': '沙盒模式：模拟聊天，不连接企业微信或钉钉。请勿用于生产。',
  },
  en: {
    'bot.raw': '{text}',
    'bot.failed': 'Something went wrong. Please try again; if it keeps failing, contact your administrator.',
    'bot.no_right': 'You are not allowed to do this ({right}).',
    'bot.help': 'Hello, I am the safety assistant. Send a photo and one line to report a hazard, e.g. "Panel 3 is not locked".',
    'bot.unknown_sender': 'You are not registered in this plant yet, so I cannot help. The administrators have been told.',
    'bot.unknown_sender_admin': 'Unregistered user {platform}:{userId} tried to use the bot.',
    'sandbox.bot_name': 'Safety assistant',
    'sandbox.banner': 'Sandbox mode: simulated chats, not connected to WeCom or DingTalk. Not for production.',
  },
};
