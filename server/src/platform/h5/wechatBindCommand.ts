import type { ServerDeps } from '../serverDeps';
import { BIND_CODE_TTL_MINUTES, issueBindCode } from './wechatBinding';

/** Bot command name that issues a WeChat binding code for the sender. */
export const WECHAT_BIND_COMMAND = 'miniprogram.wechat_bind_code';

/** What a person types to the bot to get a code: "绑定微信", "微信绑定", "bind wechat". */
export const BIND_TRIGGER = /^\s*(绑定微信|微信绑定|bind\s*wechat)\s*$/i;

/**
 * "绑定微信" in chat (WeCom, DingTalk, Sandbox): the bot answers with a one-time code that the
 * person types into the mini-program in plain WeChat, which binds that WeChat account to them.
 * The chat sender is already verified, so the code proves who the WeChat user is.
 */
export function registerWechatBindCommand(deps: ServerDeps): void {
  deps.commands.register<{ code: string }>(WECHAT_BIND_COMMAND, {
    run: async ({ tx, principal }) => ({ code: (await issueBindCode(tx, principal.plantId, principal.personId!, deps.now())).code }),
  });
  deps.router.on('text', async (event, bus) => {
    if (!event.text || !BIND_TRIGGER.test(event.text)) return false;
    const { code } = await bus.execute<{ code: string }>(event, WECHAT_BIND_COMMAND, {});
    await bus.reply(event, 'miniprogram.bind.code', { code, minutes: BIND_CODE_TTL_MINUTES });
    return true;
  });
}
