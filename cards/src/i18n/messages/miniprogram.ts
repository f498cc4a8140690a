import { MessageFragment } from '../messageTypes';

/** User-facing text of the miniprogram capability. Keys are dotted ids; {name} placeholders are filled by t(). */
export const miniprogramMessages: MessageFragment = {
  'zh-CN': {
    'miniprogram.login.code_refused': '登录凭证无效或已过期，请重新进入小程序。',
    'miniprogram.login.unreachable': '暂时无法连接微信，请稍后再试。',
    'miniprogram.bind.required': '首次在微信中使用需要绑定账号：请在企业微信/钉钉中给机器人发送“绑定微信”，把收到的绑定码填入小程序。',
    'miniprogram.bind.code_invalid': '绑定码无效、已使用或已过期，请重新发送“绑定微信”获取新码。',
    'miniprogram.bind.person_gone': '该微信绑定的人员已不在本厂名单中，请联系管理员。',
    'miniprogram.bind.code': '微信小程序绑定码：{code}（{minutes} 分钟内有效，仅可使用一次）。在微信中打开小程序，按提示输入此码即可完成绑定。如非本人操作请忽略。',
    'miniprogram.photo.code_pending': '待编号',
    'miniprogram.photo.no_place': '位置未知',
    'miniprogram.photo.outside_plant': '厂区外',
  },
  en: {
    'miniprogram.login.code_refused': 'The sign-in code is invalid or expired; open the mini-program again.',
    'miniprogram.login.unreachable': 'WeChat cannot be reached right now; try again shortly.',
    'miniprogram.bind.required': 'First use in WeChat needs your account bound: send "bind wechat" to the bot in WeCom/DingTalk and enter the code it shows in the mini-program.',
    'miniprogram.bind.code_invalid': 'The binding code is invalid, used or expired; send "bind wechat" again for a new one.',
    'miniprogram.bind.person_gone': 'The person this WeChat account is bound to is no longer in the plant; ask your administrator.',
    'miniprogram.bind.code': 'Mini-program binding code: {code} (valid {minutes} minutes, single use). Open the mini-program in WeChat and enter it when asked. Ignore this if you did not ask for it.',
    'miniprogram.photo.code_pending': 'code pending',
    'miniprogram.photo.no_place': 'place unknown',
    'miniprogram.photo.outside_plant': 'outside the plant',
  },
};
