import { INTERACTIVE_CARD_TYPES, PeerError, validateTemplateCard } from './wecomPeerCards';
import { bytes, checkToken, fail, failWith, isResponse, json, jsonBody, PeerHandler, PeerResponse } from './wecomPeerHttp';
import type { WecomPeerState } from './wecomPeerState';

/**
 * The peer's sending endpoints: message/send, appchat/send, message/update_template_card and the
 * group robot webhook, with WeCom's checks and errcodes (doc 90372, 90248, 94888, 91770).
 */

const APPCHAT_TYPES = new Set(['text', 'image', 'voice', 'video', 'file', 'textcard', 'news', 'mpnews', 'markdown']);
const ROBOT_TYPES = new Set(['text', 'markdown', 'image', 'news', 'file', 'template_card']);
const MAX_RECIPIENTS = 1000;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Checks the body of one message type (shared by message/send and appchat/send). */
function checkContent(state: WecomPeerState, body: Record<string, unknown>): PeerError | null {
  const type = str(body.msgtype);
  const part = (body[type] ?? {}) as Record<string, unknown>;
  if (type === 'text' || type === 'markdown') {
    if (!str(part.content)) return { errcode: 44004, errmsg: 'empty content' };
    // Text beyond 2048 bytes is truncated by WeCom; markdown is refused.
    if (type === 'markdown' && bytes(part.content) > 2048) return { errcode: 45002, errmsg: 'content size out of limit' };
  }
  if (type === 'image' && !liveMedia(state, str(part.media_id))) return { errcode: 40007, errmsg: 'invalid media_id' };
  if (type === 'news') {
    const articles = part.articles;
    if (!Array.isArray(articles) || articles.length === 0) return { errcode: 41016, errmsg: 'missing title' };
    if (articles.length > 8) return { errcode: 45008, errmsg: 'article size out of limit' };
    if (!articles.every((a) => typeof a === 'object' && a !== null && str((a as Record<string, unknown>).title))) return { errcode: 41016, errmsg: 'missing title' };
  }
  return null;
}

function liveMedia(state: WecomPeerState, id: string): boolean {
  const rec = state.media.get(id);
  const lifetime = (state.options.mediaLifetimeSeconds ?? 3 * 86400) * 1000;
  return rec !== undefined && state.now().getTime() - rec.createdAt <= lifetime;
}

/** POST /cgi-bin/message/send */
export const messageSend: PeerHandler = (state, req) => {
  const denied = checkToken(state, req);
  if (denied) return denied;
  const body = jsonBody(state, req);
  if (isResponse(body)) return body;
  if (Number(body.agentid) !== state.options.agentId) return fail(state, 40056, 'invalid agentid');
  const touser = str(body.touser).split('|').filter(Boolean);
  if (touser.length === 0 && !str(body.toparty) && !str(body.totag)) return fail(state, 82001, 'All touser & toparty & totag invalid');
  if (touser.length > MAX_RECIPIENTS) return fail(state, 40032, 'invalid userid list size');
  const known = new Set(state.users.map((u) => u.userid));
  const invalid = state.users.length === 0 ? [] : touser.filter((u) => u !== '@all' && !known.has(u));
  if (touser.length > 0 && invalid.length === touser.length && !str(body.toparty) && !str(body.totag)) {
    return fail(state, 81013, 'user & party & tag all invalid');
  }
  const type = str(body.msgtype);
  if (!['text', 'markdown', 'image', 'news', 'template_card'].includes(type)) return fail(state, 40008, 'invalid message type');
  const contentError = checkContent(state, body);
  if (contentError) return failWith(state, contentError);
  let responseCode: string | undefined;
  if (type === 'template_card') {
    const card = body.template_card as Record<string, unknown>;
    const cardError = validateTemplateCard(card);
    if (cardError) return failWith(state, cardError);
    const taskId = str(card.task_id);
    if (taskId) {
      if (state.taskIds.has(taskId)) return fail(state, 42014, 'taskid has existed or empty or exceed max len');
      state.taskIds.set(taskId, { cardType: str(card.card_type) });
    }
    if (INTERACTIVE_CARD_TYPES.has(str(card.card_type))) responseCode = state.issueResponseCode(taskId, 'send');
  }
  const msgid = state.id('msg');
  state.messages.push({ at: state.now(), body, msgid, responseCode, touser: touser.filter((u) => !invalid.includes(u)) });
  return json({
    errcode: 0,
    errmsg: 'ok',
    invaliduser: invalid.join('|'),
    invalidparty: '',
    invalidtag: '',
    unlicenseduser: '',
    msgid,
    ...(responseCode ? { response_code: responseCode } : {}),
  });
};

/** POST /cgi-bin/appchat/send — only chats this app created; template cards are not a chat type. */
export const appchatSend: PeerHandler = (state, req) => {
  const denied = checkToken(state, req);
  if (denied) return denied;
  const body = jsonBody(state, req);
  if (isResponse(body)) return body;
  const chatid = str(body.chatid);
  if (!chatid) return fail(state, 86201, 'missing chatid');
  const chat = state.appChats.get(chatid);
  if (!chat) return fail(state, 86003, 'chatid not exist');
  if (!APPCHAT_TYPES.has(str(body.msgtype))) return fail(state, 40008, 'invalid message type');
  const contentError = checkContent(state, body);
  if (contentError) return failWith(state, contentError);
  state.appchatMessages.push({ at: state.now(), body, touser: chat.userlist });
  return json({ errcode: 0, errmsg: 'ok' });
};

/** POST /cgi-bin/message/update_template_card — consumes a single-use response_code (72 h). */
export const updateTemplateCard: PeerHandler = (state, req) => {
  const denied = checkToken(state, req);
  if (denied) return denied;
  const body = jsonBody(state, req);
  if (isResponse(body)) return body;
  if (Number(body.agentid) !== state.options.agentId) return fail(state, 40056, 'invalid agentid');
  const code = str(body.response_code);
  const rec = state.responseCodes.get(code);
  if (!rec) return fail(state, 40058, 'invalid response_code');
  if (rec.used) return fail(state, 42022, 'response_code has been used');
  const lifetime = (state.options.responseCodeLifetimeSeconds ?? 72 * 3600) * 1000;
  if (state.now().getTime() - rec.issuedAt > lifetime) return fail(state, 42022, 'response_code expired');
  if (!(Array.isArray(body.userids) && body.userids.length > 0) && Number(body.atall) !== 1 && !body.partyids && !body.tagids) {
    return fail(state, 82001, 'All userids & partyids & tagids invalid');
  }
  const button = body.button as Record<string, unknown> | undefined;
  const card = body.template_card as Record<string, unknown> | undefined;
  if (button !== undefined) {
    if (!str(button.replace_name)) return fail(state, 40058, 'missing button.replace_name');
    if (!INTERACTIVE_CARD_TYPES.has(state.taskIds.get(rec.taskId)?.cardType ?? 'button_interaction')) {
      return fail(state, 40058, 'button update only for interactive cards');
    }
  } else if (card !== undefined) {
    const cardError = validateTemplateCard(card);
    if (cardError) return failWith(state, cardError);
    if (card.task_id !== undefined && card.task_id !== rec.taskId) return fail(state, 42014, 'task_id does not match the response_code');
  } else {
    return fail(state, 40058, 'missing button or template_card');
  }
  rec.used = true;
  state.updates.push({ at: state.now(), body, responseCodeSource: rec.source, taskId: rec.taskId });
  return json({ errcode: 0, errmsg: 'ok', invaliduser: [] });
};

/** POST /cgi-bin/webhook/send?key= — 20 messages a minute per robot, then 45009. */
export const webhookSend: PeerHandler = (state, req): PeerResponse => {
  const key = req.query.get('key') ?? '';
  const keys = state.options.robotKeys;
  if (!key || (keys !== undefined && !keys.includes(key))) return fail(state, 93000, 'invalid webhook url');
  const body = jsonBody(state, req);
  if (isResponse(body)) return body;
  const now = state.now().getTime();
  const window = (state.robotWindows.get(key) ?? []).filter((t) => t > now - 60_000);
  state.robotWindows.set(key, window);
  if (window.length >= (state.options.robotPerMinute ?? 20)) return fail(state, 45009, 'api freq out of limit');
  const type = str(body.msgtype);
  if (!ROBOT_TYPES.has(type)) return fail(state, 40008, 'invalid message type');
  const part = (body[type] ?? {}) as Record<string, unknown>;
  if ((type === 'text' || type === 'markdown') && !str(part.content)) return fail(state, 44004, 'empty content');
  if (type === 'text' && bytes(part.content) > 2048) return fail(state, 45002, 'content exceed max length');
  if (type === 'markdown' && bytes(part.content) > 4096) return fail(state, 45002, 'content exceed max length');
  if (type === 'template_card') {
    const card = part as Record<string, unknown> & { card_type?: unknown };
    // A robot cannot receive clicks, so only notice cards exist there.
    if (card.card_type !== 'text_notice' && card.card_type !== 'news_notice') return fail(state, 40058, 'invalid Template_Card.card_type');
    const cardError = validateTemplateCard(card);
    if (cardError) return failWith(state, cardError);
  }
  window.push(now);
  state.robotMessages.push({ at: state.now(), body, touser: [], key });
  return json({ errcode: 0, errmsg: 'ok' });
};
